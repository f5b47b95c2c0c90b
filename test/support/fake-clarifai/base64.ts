// Accepts what protojson accepts for `bytes` (standard or URL-safe alphabet, padding optional but
// correct when present) and nothing else, so a client's encoding bug surfaces as 30300.
export function decodeBase64(s: string): Buffer | undefined {
  const std = /^[A-Za-z0-9+/]*={0,2}$/.test(s);
  const urlSafe = /^[A-Za-z0-9_-]*={0,2}$/.test(s);
  if (!std && !urlSafe) return undefined;
  const unpadded = s.replace(/=+$/, '');
  if (unpadded.length % 4 === 1) return undefined;
  if (unpadded.length !== s.length && s.length % 4 !== 0) return undefined;
  const bytes = Buffer.from(unpadded, std ? 'base64' : 'base64url');
  return bytes.length > 0 ? bytes : undefined;
}
