import { askStats, distPath, startChild, type Child } from './processes.js';

export interface FakeStats {
  /** Requests received, throttled ones included. */
  calls: number;
  /** Requests the fake admitted (not rate-limited). */
  answered: number;
  throttled: number;
  /** Images in admitted requests. */
  images: number;
  /** Mean time from a request's arrival to its answer, as the fake saw it. */
  meanCallMs: number;
}

export interface Upstream {
  /** Calls per second per PAT; undefined = unlimited. */
  rate?: number;
  callMs: number;
  imageMs: number;
}

/** Clarifai's own shape: 15 calls/s per credential, 200 ms per call + 2 ms per image (settable by env). */
export const REALISTIC: Upstream = {
  rate: 15,
  callMs: Number(process.env.BENCH_CALL_MS ?? 200),
  imageMs: Number(process.env.BENCH_IMAGE_MS ?? 2),
};
export const PAT = 'bench-pat';
/** Node flags of the service process: those of `npm start` unless BENCH_SERVICE_NODE_ARGS says otherwise. */
export const SERVICE_NODE_ARGS = (process.env.BENCH_SERVICE_NODE_ARGS ?? '--max-semi-space-size=32').split(' ').filter(Boolean);

export interface Stack {
  fake: Child;
  svc: Child;
  stats(): Promise<FakeStats>;
  resetFake(): void;
  stop(): Promise<void>;
}

export function startFake(up: Upstream): Promise<Child> {
  return startChild(distPath('bench/fake-clarifai-server.js'), {
    FAKE_PATS: PAT,
    ...(up.rate ? { FAKE_RATE: String(up.rate) } : {}),
    FAKE_CALL_MS: String(up.callMs),
    FAKE_IMAGE_MS: String(up.imageMs),
  });
}

/** The fake Clarifai and the service, each its own process, the service pointed at the fake. */
export async function startStack(up: Upstream, serviceEnv: Record<string, string> = {}, nodeArgs = SERVICE_NODE_ARGS): Promise<Stack> {
  const fake = await startFake(up);
  const svc = await startChild(
    distPath('bench/service-server.js'),
    // Deployed as in production: NODE_ENV=production also turns off graphql-js's development-only checks.
    {
      CLARIFAI_PAT: PAT,
      CLARIFAI_API_BASE: fake.url,
      LOCAL_MODELS: 'false',
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
      AUTH_MODE: 'none',
      ...serviceEnv,
    },
    nodeArgs,
  );
  return {
    fake,
    svc,
    stats: () => askStats<FakeStats>(fake),
    resetFake: () => fake.proc.send('reset'),
    stop: async () => {
      await svc.stop();
      await fake.stop();
    },
  };
}
