// Jest runs test files side by side in worker processes that share one os.tmpdir(), and a test that
// asserts "no temp file left" then sees another file's uploads in flight. Each test file gets a TMPDIR
// of its own: set on the worker's real process.env (os.tmpdir() reads that one, not the sandbox's copy)
// before the sandbox is built, so the service in-process and any child process it spawns agree.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestEnvironment } from 'jest-environment-node';

const base = (process.env.JEST_BASE_TMPDIR ??= tmpdir());

export default class PrivateTmpdirEnvironment extends TestEnvironment {
  constructor(config, context) {
    const dir = mkdtempSync(join(base, 'jest-file-'));
    process.env.TMPDIR = dir;
    super(config, context);
    this.privateTmpdir = dir;
  }

  async teardown() {
    await super.teardown();
    process.env.TMPDIR = base;
    rmSync(this.privateTmpdir, { recursive: true, force: true });
  }
}
