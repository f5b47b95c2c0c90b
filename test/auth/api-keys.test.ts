import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ApiKeyStore, ApiKeysFileError, parseApiKeysFile } from '../../src/auth/index.js';

const sha = (k: string) => createHash('sha256').update(k).digest('hex');
const dir = mkdtempSync(join(tmpdir(), 'api-keys-'));
const file = join(dir, 'keys.json');
/** Atomic, as an operator's `mv new keys.json` is: a reload never reads a half-written file. */
const writeKeys = (entries: unknown) => {
  writeFileSync(`${file}.tmp`, typeof entries === 'string' ? entries : JSON.stringify(entries));
  renameSync(`${file}.tmp`, file);
};
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the API keys file', () => {
  it('parses entries, only id and sha256 required, hashes lower-cased', () => {
    const h = sha('k1').toUpperCase();
    expect(
      parseApiKeysFile(
        JSON.stringify([
          { id: 'a', sha256: h },
          { id: 'b', sha256: sha('k2'), imagesPerMinute: 600, imagesPerDay: 100000, models: ['m'], weight: 2, note: 'ops' },
        ]),
        'f',
      ),
    ).toEqual([
      { id: 'a', sha256: h.toLowerCase() },
      { id: 'b', sha256: sha('k2'), imagesPerMinute: 600, imagesPerDay: 100000, models: ['m'], weight: 2, note: 'ops' },
    ]);
  });

  it('names the entry and the field of every problem, and never prints a hash whole', () => {
    const h = sha('dup');
    const text = JSON.stringify([
      { id: 'team-a', sha256: 'abc' },
      { id: 'team-b', sha256: sha('x'), imagesPerMinut: 5 },
      { id: 'team-c', sha256: sha('y'), imagesPerDay: -1, models: [] },
      { id: 'has space', sha256: sha('z') },
      { id: 'd1', sha256: h },
      { id: 'd2', sha256: h },
      { id: 'd1', sha256: sha('w') },
    ]);
    let message = '';
    try {
      parseApiKeysFile(text, '/etc/keys.json');
    } catch (err) {
      expect(err).toBeInstanceOf(ApiKeysFileError);
      message = (err as Error).message;
    }
    expect(message).toContain('API_KEYS_FILE /etc/keys.json');
    expect(message).toContain('entry 0 (id "team-a"): sha256: must be the 64 hex characters');
    expect(message).toMatch(/entry 1 \(id "team-b"\): .*imagesPerMinut/);
    expect(message).toContain('entry 2 (id "team-c"): imagesPerDay:');
    expect(message).toContain('entry 2 (id "team-c"): models: omit it to allow every model');
    expect(message).toContain('entry 3: id: must be 1-64');
    expect(message).toContain(`ids "d1" and "d2" have the same sha256 (${h.slice(0, 8)}…)`);
    expect(message).toContain('id "d1" appears twice');
    expect(message).not.toContain(h);
    expect(message).not.toContain(h.slice(0, 16));
  });

  it('refuses text that is not a JSON array without quoting it', () => {
    expect(() => parseApiKeysFile(`{"id": "a", "sha256": "${sha('secret-ish')}"`, 'f')).toThrow(/^API_KEYS_FILE f: not valid JSON/);
    expect(() => parseApiKeysFile(`{"id": "a", "sha256": "${sha('secret-ish')}"`, 'f')).not.toThrow(new RegExp(sha('secret-ish').slice(0, 12)));
    expect(() => parseApiKeysFile('{}', 'f')).toThrow('expected a JSON array');
  });

  it('looks keys up by hash, whichever entry holds them', () => {
    const store = ApiKeyStore.fromEntries(['a', 'b', 'c'].map((id) => ({ id, sha256: sha(`key-${id}`) })));
    expect(store.lookup('key-b')?.id).toBe('b');
    expect(store.lookup('key-c')?.id).toBe('c');
    expect(store.lookup('key-d')).toBeUndefined();
    expect(store.lookup('')).toBeUndefined();
    expect(store.lookup('x'.repeat(10_000))).toBeUndefined();
  });
});

describe('reloading on SIGHUP (a real signal to the process), over HTTP', () => {
  let child: ChildProcess;
  let url = '';
  let out = '';
  const ask = async (key: string) => {
    const res = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'x-api-key': key } });
    return { status: res.status, body: (await res.json()) as { caller?: { id: string; imagesPerMinute?: number } } };
  };
  const hup = async (logLine: string) => {
    const before = out.split(logLine).length;
    child.kill('SIGHUP');
    for (let i = 0; i < 1000 && out.split(logLine).length === before; i++) await sleep(10);
    expect(out.split(logLine).length).toBe(before + 1);
  };

  beforeAll(async () => {
    writeKeys([
      { id: 'old', sha256: sha('old-key') },
      { id: 'stays', sha256: sha('stays-key'), imagesPerMinute: 10 },
    ]);
    const entry = new URL('./key-server-entry.mjs', import.meta.url).pathname;
    child = spawn(process.execPath, ['--no-warnings', entry], {
      env: { ...process.env, AUTH_MODE: 'api-key', API_KEYS_FILE: file },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    child.stdout!.on('data', (d: Buffer) => (out += String(d)));
    for (let i = 0; i < 1000 && !/LISTENING (\d+)/.test(out); i++) await sleep(20);
    url = `http://127.0.0.1:${/LISTENING (\d+)/.exec(out)![1]}`;
  });
  afterAll(() => {
    child.kill('SIGTERM');
  });

  it('swaps the keys while requests keep flowing: none refused, the new key works, the removed one not', async () => {
    expect((await ask('stays-key')).body.caller).toEqual({ id: 'stays', kind: 'api-key', imagesPerMinute: 10 });
    let running = true;
    const outcomes: number[] = [];
    const traffic = (async () => {
      while (running) outcomes.push(...(await Promise.all(Array.from({ length: 10 }, async () => (await ask('stays-key')).status))));
    })();
    await sleep(50);
    writeKeys([
      { id: 'stays', sha256: sha('stays-key'), imagesPerMinute: 20 },
      { id: 'new', sha256: sha('new-key') },
    ]);
    await hup('API keys reloaded');
    await sleep(50);
    running = false;
    await traffic;
    expect(outcomes.length).toBeGreaterThanOrEqual(10);
    expect(outcomes.every((s) => s === 200)).toBe(true);
    expect((await ask('new-key')).status).toBe(200);
    expect((await ask('stays-key')).body.caller!.imagesPerMinute).toBe(20);
    expect((await ask('old-key')).status).toBe(401);
  });

  it('keeps the previous keys when the new file is bad, and logs why', async () => {
    writeKeys([{ id: 'new', sha256: 'nope' }]);
    await hup('API keys not reloaded');
    expect(out).toMatch(/entry 0 \(id \\"new\\"\): sha256: must be/);
    expect((await ask('new-key')).status).toBe(200);
    writeKeys('[{"id": "x", ');
    await hup('API keys not reloaded');
    expect((await ask('stays-key')).status).toBe(200);
    expect(child.exitCode).toBeNull();
  });

  it('never logs a key, nor the hash of one', async () => {
    const refusals = out.split('unknown API key').length;
    expect((await ask('some-guessed-key-123456')).status).toBe(401);
    // Look only once the refusal's own log line is out, so a late line cannot slip past the check.
    for (let i = 0; i < 1000 && out.split('unknown API key').length === refusals; i++) await sleep(10);
    expect(out.split('unknown API key').length).toBe(refusals + 1);
    for (const k of ['stays-key', 'new-key', 'old-key', 'some-guessed-key-123456']) {
      expect(out).not.toContain(k);
      expect(out).not.toContain(sha(k).slice(0, 16));
    }
    expect(out).toContain('unknown API key');
  });
});
