import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface CurlResult {
  status: number;
  body: { data?: Record<string, unknown> | null; errors?: Array<{ message: string; path?: unknown[]; extensions?: Record<string, unknown> }> };
}

/** A multipart upload exactly as a person would send it with curl -F. */
export async function curlUpload(
  url: string,
  operations: unknown,
  files: Record<string, string>,
  headers: string[] = ['Apollo-Require-Preflight: true'],
): Promise<CurlResult> {
  const fileMap = Object.fromEntries(Object.keys(files).map((k) => [k, [`variables.images.${k}.file`]]));
  const args = [
    '-sS',
    '-w',
    '\n%{http_code}',
    `${url}/graphql`,
    ...headers.flatMap((h) => ['-H', h]),
    '-F',
    `operations=${JSON.stringify(operations)}`,
    '-F',
    `map=${JSON.stringify(fileMap)}`,
  ];
  for (const [k, path] of Object.entries(files)) args.push('-F', `${k}=@${path}`);
  const { stdout } = await run('curl', args, { maxBuffer: 64 * 1024 * 1024 });
  const cut = stdout.lastIndexOf('\n');
  return { status: Number(stdout.slice(cut + 1)), body: JSON.parse(stdout.slice(0, cut)) };
}

/** graphql-upload-ts spools to os.tmpdir() as capacitor-*.tmp files. */
export function spooledFiles(dir: string): string[] {
  return readdirSync(dir).filter((f) => f.startsWith('capacitor-'));
}

/** A GraphQL multipart body built by hand, for requests no well-behaved client would send. */
export function multipartBody(parts: Array<{ name: string; value: string | Buffer; filename?: string }>, boundary = 'x-boundary-42'): Buffer {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const disposition = `form-data; name="${p.name}"${p.filename ? `; filename="${p.filename}"` : ''}`;
    chunks.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n${p.filename ? 'Content-Type: application/octet-stream\r\n' : ''}\r\n`),
    );
    chunks.push(Buffer.isBuffer(p.value) ? p.value : Buffer.from(p.value));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}
