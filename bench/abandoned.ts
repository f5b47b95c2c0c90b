// Scenario 6: images sent for callers who had gone. 2,000 single-image operations queue behind a slow,
// rate-limited upstream and their clients give up after 1 s; whatever is still queued for them must never
// be sent (nor billed). Before step 6, 1,760 of their 2,000 images were sent afterwards.
import { spawn } from 'node:child_process';
import { distPath } from './lib/processes.js';
import type { SuiteResult } from './lib/report.js';
import { startStack } from './lib/stack.js';

const OPERATIONS = 2000;
const GIVE_UP_MS = 1000;

export async function benchAbandoned(): Promise<SuiteResult> {
  // 2 calls/s of 16 images, 1 s each: 32 images/s, so nearly every image is still queued when its caller goes.
  const stack = await startStack({ rate: 2, callMs: 1000, imageMs: 0 }, { UPSTREAM_RATE_LIMIT_PER_SECOND: '2', UPSTREAM_MAX_IMAGES_PER_CALL: '16' });
  try {
    const client = spawn(process.execPath, [distPath('bench/lib/abandon-client.js')], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      env: { ...process.env, TARGET_URL: stack.svc.url, OPERATIONS: String(OPERATIONS), GIVE_UP_MS: String(GIVE_UP_MS) },
    });
    const { abandoned } = await new Promise<{ abandoned: number }>((resolve) => client.once('message', (m) => resolve(m as { abandoned: number })));
    const atGiveUp = (await stack.stats()).images;
    // What the queue held would take a minute to drain at 32 images/s; 5 s shows whether any of it leaves.
    await new Promise((r) => setTimeout(r, 5000));
    const after = (await stack.stats()).images;
    return {
      title: '6. Images sent for callers who had gone',
      about: `${OPERATIONS} single-image operations at once, clients giving up after ${GIVE_UP_MS} ms; fake Clarifai at 2 calls/s, ≤ 16 images/call, 1 s per call.`,
      metrics: {
        operations: OPERATIONS,
        abandoned,
        images_sent_by_give_up: atGiveUp,
        images_sent_5s_later: after,
        sent_ratio: Number((after / OPERATIONS).toFixed(3)),
      },
    };
  } finally {
    await stack.stop();
  }
}
