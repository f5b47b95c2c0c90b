import { createHash } from 'node:crypto';

const memo = new Map<string, string>();
const MEMO_MAX = 1024;

/**
 * A PAT's fingerprint: keys per-credential state (batch groups, rate-limit gates) without keeping the secret
 * as a key that may be logged. Every image asks for its group's key, so the hash is remembered (a few
 * credentials in practice; the memo is emptied if callers' PATs ever fill it).
 */
export function credentialFingerprint(pat: string): string {
  let fp = memo.get(pat);
  if (fp === undefined) {
    if (memo.size >= MEMO_MAX) memo.clear();
    fp = createHash('sha256').update(pat).digest('hex').slice(0, 16);
    memo.set(pat, fp);
  }
  return fp;
}
