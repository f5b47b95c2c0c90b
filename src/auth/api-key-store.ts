import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { parseApiKeysFile, type ApiKeyEntry } from './api-key-file.js';

/** The logger calls this module makes (pino's Logger fits). */
export interface AuthLogger {
  error(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  debug(obj: object, msg: string): void;
}

interface StoredKey {
  entry: ApiKeyEntry;
  digest: Buffer;
}

// Keys are 32 random bytes: nothing worth hashing beyond this, and it bounds the work per request.
const MAX_KEY_LENGTH = 512;

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/**
 * The API keys, as SHA-256 hashes. Keys are random, not passwords, so an unsalted fast hash is enough: the
 * file is useless to a reader, and a lookup is one hash. Reloads swap the whole list at once, so a lookup
 * sees the old list or the new one, never a mix, and no request waits for the file.
 */
export class ApiKeyStore {
  private keys: readonly StoredKey[];
  private reloading: Promise<boolean> | undefined;
  private again = false;

  private constructor(
    entries: ApiKeyEntry[],
    private readonly path: string | undefined,
    private readonly logger: AuthLogger | undefined,
  ) {
    this.keys = ApiKeyStore.store(entries);
  }

  /** Reads the file at start-up; a bad file throws (ApiKeysFileError) and the service must not start. */
  static load(path: string, logger?: AuthLogger): ApiKeyStore {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (err) {
      throw new Error(`API_KEYS_FILE ${path}: cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'}).`);
    }
    return new ApiKeyStore(parseApiKeysFile(text, path), path, logger);
  }

  static fromEntries(entries: ApiKeyEntry[]): ApiKeyStore {
    return new ApiKeyStore(entries, undefined, undefined);
  }

  get size(): number {
    return this.keys.length;
  }

  /**
   * The entry whose hash matches, compared against every entry in constant time per entry and without
   * stopping at a match, so timing tells neither whether nor where a key matched.
   */
  lookup(presented: string): ApiKeyEntry | undefined {
    if (presented.length === 0 || presented.length > MAX_KEY_LENGTH) return undefined;
    const digest = sha256(presented);
    let found: ApiKeyEntry | undefined;
    for (const k of this.keys) {
      const match = timingSafeEqual(digest, k.digest);
      found = match ? k.entry : found;
    }
    return found;
  }

  /**
   * Re-reads the file. A bad or unreadable file keeps the current keys and logs why; true if swapped.
   * Overlapping calls (two SIGHUPs) coalesce into one more read after the running one.
   */
  reload(): Promise<boolean> {
    if (this.reloading) {
      this.again = true;
      return this.reloading;
    }
    this.reloading = this.readOnce().finally(() => {
      this.reloading = undefined;
      if (this.again) {
        this.again = false;
        void this.reload();
      }
    });
    return this.reloading;
  }

  /** Reloads on the signal (SIGHUP by default) until the returned function is called. */
  reloadOn(signal: NodeJS.Signals = 'SIGHUP'): () => void {
    const handler = () => void this.reload();
    process.on(signal, handler);
    return () => void process.off(signal, handler);
  }

  private async readOnce(): Promise<boolean> {
    if (!this.path) return false;
    try {
      const entries = parseApiKeysFile(await readFile(this.path, 'utf8'), this.path);
      this.keys = ApiKeyStore.store(entries);
      this.logger?.info({ file: this.path, keys: entries.length }, 'API keys reloaded');
      return true;
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      this.logger?.error({ file: this.path, reason }, 'API keys not reloaded; the previous keys stay in use');
      return false;
    }
  }

  private static store(entries: ApiKeyEntry[]): readonly StoredKey[] {
    return Object.freeze(entries.map((entry) => ({ entry, digest: Buffer.from(entry.sha256, 'hex') })));
  }
}
