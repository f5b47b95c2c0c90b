// Step 2 benchmark: peak RSS and time for one operation of 128 uploads of ~20 MB, and throughput of
// 1,000 small uploads. Service and fake Clarifai run as separate processes; curl is the client.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { askStats, distPath, memoryOf, startChild } from './lib/processes.js';
import { SERVICE_NODE_ARGS } from './lib/stack.js';

const run = promisify(execFile);
const QUERY =
  'query ($images: [ImageInput!]!) { predict(images: $images, modelId: "general-image-recognition") { input { index } concepts { id } } }';

async function noisePng(bytes: number): Promise<Buffer> {
  const side = Math.floor(Math.sqrt(bytes / 3));
  const raw = Buffer.alloc(side * side * 3);
  for (let i = 0; i < raw.length; i += 4) raw.writeUInt32LE((Math.random() * 0xffffffff) >>> 0, Math.min(i, raw.length - 4));
  return sharp(raw, { raw: { width: side, height: side, channels: 3 } })
    .png({ compressionLevel: 0 })
    .toBuffer();
}

async function curlOperation(url: string, paths: string[]): Promise<{ status: number; body: string }> {
  const map = Object.fromEntries(paths.map((_, i) => [String(i), [`variables.images.${i}.file`]]));
  const operations = { query: QUERY, variables: { images: paths.map(() => ({ file: null })) } };
  const args = [
    '-sS',
    '-w',
    '\n%{http_code}',
    `${url}/graphql`,
    '-H',
    'Apollo-Require-Preflight: true',
    '-F',
    `operations=${JSON.stringify(operations)}`,
    '-F',
    `map=${JSON.stringify(map)}`,
  ];
  paths.forEach((p, i) => args.push('-F', `${i}=@${p}`));
  const { stdout } = await run('curl', args, { maxBuffer: 256 * 1024 * 1024 });
  const cut = stdout.lastIndexOf('\n');
  return { status: Number(stdout.slice(cut + 1)), body: stdout.slice(0, cut) };
}

async function fetchUpload(url: string, png: Buffer): Promise<{ status: number; body: string }> {
  const form = new FormData();
  form.append('operations', JSON.stringify({ query: QUERY, variables: { images: [{ file: null }] } }));
  form.append('map', JSON.stringify({ 0: ['variables.images.0.file'] }));
  form.append('0', new Blob([png], { type: 'image/png' }), 'small.png');
  const res = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'apollo-require-preflight': 'true' }, body: form });
  return { status: res.status, body: await res.text() };
}

export async function benchUploads(): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-uploads-'));
  const fake = await startChild(distPath('bench/fake-clarifai-server.js'), { FAKE_PATS: 'bench-pat' });
  // The local models would add their own ~360 MB baseline; this measures the upload path.
  const svc = await startChild(
    distPath('bench/service-server.js'),
    // 2.5 GB in one operation takes 40–60 s on 2 cores, about the default 60 s deadline (REQUEST_TIMEOUT_MS):
    // that cut 32 of 128 images once. This scenario measures memory and time, so its deadline is 5 minutes.
    { CLARIFAI_PAT: 'bench-pat', CLARIFAI_API_BASE: fake.url, MAX_FILES_PER_REQUEST: '1024', LOCAL_MODELS: 'false', REQUEST_TIMEOUT_MS: '300000' },
    SERVICE_NODE_ARGS,
  );
  try {
    const base = await noisePng(19.5 * 1024 * 1024);
    // Distinct bytes after IEND give 128 distinct images (identical ones would be sent once).
    const big = Array.from({ length: 128 }, (_, i) => {
      const p = join(dir, `big-${i}.png`);
      writeFileSync(p, Buffer.concat([base, Buffer.from(`#${i}`)]));
      return p;
    });
    let peak = 0;
    const sampler = setInterval(() => (peak = Math.max(peak, memoryOf(svc.proc.pid!).rssMb)), 20);
    const t0 = performance.now();
    const res = await curlOperation(svc.url, big);
    const bigMs = performance.now() - t0;
    clearInterval(sampler);
    const ok = (JSON.parse(res.body).data?.predict ?? []).filter((p: unknown) => p !== null).length;
    const mem = memoryOf(svc.proc.pid!);
    const upstream = await askStats<{ calls: number; images: number }>(fake);

    const small = await Promise.all(
      Array.from({ length: 1000 }, (_, i) =>
        sharp({ create: { width: 64, height: 48, channels: 3, background: { r: i % 256, g: (i >> 8) % 256, b: 77 } } })
          .png()
          .toBuffer(),
      ),
    );
    const t1 = performance.now();
    let next = 0;
    let smallOk = 0;
    // 32 clients, each one multipart request (one file) at a time, as apollo-upload-client sends it.
    await Promise.all(
      Array.from({ length: 32 }, async () => {
        while (next < small.length) {
          const r = await fetchUpload(svc.url, small[next++]!);
          if (r.status === 200 && !r.body.includes('"errors"')) smallOk++;
        }
      }),
    );
    const smallS = (performance.now() - t1) / 1000;
    return {
      big_images: 128,
      big_image_mb: Number((base.length / 1024 / 1024).toFixed(1)),
      big_ok: ok,
      big_seconds: Number((bigMs / 1000).toFixed(2)),
      big_upstream_calls: upstream.calls,
      service_peak_rss_mb_sampled: Math.round(peak),
      service_peak_rss_mb_vmhwm: Math.round(mem.peakMb),
      small_uploads: small.length,
      small_ok: smallOk,
      small_uploads_per_s: Math.round(small.length / smallS),
    };
  } finally {
    await svc.stop();
    await fake.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
