import { z } from 'zod';

/** Also in scripts/api-key.mjs (plain JS, no build step); test/auth/api-key-script.test.ts keeps them in step. */
export const CALLER_ID = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,63}$/;

const count = z.number().int().positive().max(1e12);

/** One caller's entry. Strict: a misspelt quota field must fail loudly, not silently grant the default. */
export const apiKeyEntrySchema = z.strictObject({
  id: z.string().regex(CALLER_ID, 'must be 1-64 letters, digits or . _ : @ - (it names the caller in logs and metrics)'),
  sha256: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, "must be the 64 hex characters of the key's SHA-256")
    .transform((s) => s.toLowerCase()),
  imagesPerMinute: count.optional(),
  imagesPerDay: count.optional(),
  models: z.array(z.string().min(1).max(200)).min(1, 'omit it to allow every model (an empty list would allow none)').optional(),
  weight: z.number().positive().max(1000).optional(),
  /** Free text for the operator (who owns the key, a ticket); JSON has no comments. */
  note: z.string().max(1000).optional(),
});
export type ApiKeyEntry = z.infer<typeof apiKeyEntrySchema>;

export class ApiKeysFileError extends Error {}

/** Enough of a hash to find it in the file, not enough to be worth anything. */
const hashHint = (hex: string) => `${hex.slice(0, 8)}…`;

/**
 * Parses the file's text. Errors name the file, the entry (index and id) and the field, and never
 * echo a value: zod's messages don't, and JSON.parse's (which quote the text) are not passed on.
 */
export function parseApiKeysFile(text: string, source: string): ApiKeyEntry[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ApiKeysFileError(`API_KEYS_FILE ${source}: not valid JSON (expected an array of {"id", "sha256", …} entries).`);
  }
  if (!Array.isArray(json)) throw new ApiKeysFileError(`API_KEYS_FILE ${source}: expected a JSON array of entries.`);
  const problems: string[] = [];
  const entries: ApiKeyEntry[] = [];
  json.forEach((raw, i) => {
    const parsed = apiKeyEntrySchema.safeParse(raw);
    if (parsed.success) return void entries.push(parsed.data);
    const id = (raw as { id?: unknown } | null)?.id;
    const name = typeof id === 'string' && CALLER_ID.test(id) ? `entry ${i} (id "${id}")` : `entry ${i}`;
    for (const issue of parsed.error.issues) problems.push(`${name}: ${issue.path.join('.') || '(entry)'}: ${issue.message}`);
  });
  const seenIds = new Map<string, number>();
  const seenHashes = new Map<string, number>();
  entries.forEach((e, i) => {
    if (seenIds.has(e.id))
      problems.push(`id "${e.id}" appears twice: each caller needs its own id (one entry per key; give a second key another id).`);
    if (seenHashes.has(e.sha256))
      problems.push(
        `ids "${entries[seenHashes.get(e.sha256)!]!.id}" and "${e.id}" have the same sha256 (${hashHint(e.sha256)}): one key cannot be two callers.`,
      );
    seenIds.set(e.id, i);
    seenHashes.set(e.sha256, i);
  });
  if (problems.length) throw new ApiKeysFileError(`API_KEYS_FILE ${source}:\n  ${problems.join('\n  ')}`);
  return entries;
}
