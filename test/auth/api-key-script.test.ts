import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { ApiKeyStore, apiKeyEntrySchema, parseApiKeysFile } from '../../src/auth/index.js';

const script = new URL('../../scripts/api-key.mjs', import.meta.url).pathname;
const run = (...args: string[]) => execFileSync(process.execPath, [script, ...args], { encoding: 'utf8' });

describe('npm run api-key', () => {
  it('prints a fresh prefixed key once and an entry holding only its hash, which the store accepts', () => {
    const { key, entry } = JSON.parse(
      run('--id', 'team-a', '--images-per-minute', '600', '--images-per-day', '100000', '--models', 'a,b', '--weight', '2', '--json'),
    ) as { key: string; entry: Record<string, unknown> };
    expect(key).toMatch(/^ipk_[A-Za-z0-9_-]{43}$/);
    expect(entry).toEqual({
      id: 'team-a',
      sha256: createHash('sha256').update(key).digest('hex'),
      imagesPerMinute: 600,
      imagesPerDay: 100000,
      models: ['a', 'b'],
      weight: 2,
    });
    expect(apiKeyEntrySchema.parse(entry)).toEqual(entry);
    expect(ApiKeyStore.fromEntries(parseApiKeysFile(JSON.stringify([entry]), 'x')).lookup(key)?.id).toBe('team-a');
    expect(JSON.parse(run('--id', 'team-a', '--json')).key).not.toBe(key);
  });

  it('prints the key and the entry to paste in the human form', () => {
    const out = run('--id', 'team-b');
    const key = /^\s+(ipk_\S+)$/m.exec(out)![1]!;
    const entry = JSON.parse(/^\s+(\{.*\})$/m.exec(out)![1]!);
    expect(entry).toEqual({ id: 'team-b', sha256: createHash('sha256').update(key).digest('hex') });
    expect(out).toContain('kill -HUP');
  });

  it('refuses ids the service would refuse, and bad quotas', () => {
    for (const args of [
      [],
      ['--id', 'has space'],
      ['--id', 'x'.repeat(65)],
      ['--id', 'a', '--images-per-minute', '-1'],
      ['--id', 'a', '--models', ','],
      ['--id', 'a', '--bogus'],
    ]) {
      const r = spawnSync(process.execPath, [script, ...args], { encoding: 'utf8' });
      expect([args, r.status]).toEqual([args, 2]);
      expect(r.stdout).toBe('');
    }
    // The script's id rule matches the file schema's.
    expect(apiKeyEntrySchema.safeParse({ id: 'x'.repeat(65), sha256: 'a'.repeat(64) }).success).toBe(false);
    expect(apiKeyEntrySchema.safeParse({ id: 'has space', sha256: 'a'.repeat(64) }).success).toBe(false);
  });
});
