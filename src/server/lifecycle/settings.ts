import { z } from 'zod';

// Lives here only until these move into src/config/config.ts; the names are the env variables and the
// future Config keys, so callers switch to `services.config` without renaming anything.
const schema = z.object({
  /** Time between the signal and closing the listener, for load balancers to stop sending (0 in development). */
  SHUTDOWN_DELAY_MS: z.coerce.number().int().min(0).max(600_000).default(0),
  /** Budget from the signal to exit; past it the process exits 1 with what was still open. */
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(1).max(3_600_000).default(30_000),
});

export type ShutdownSettings = z.infer<typeof schema>;

export function readShutdownSettings(env: NodeJS.ProcessEnv = process.env): ShutdownSettings {
  const parsed = schema.safeParse({ SHUTDOWN_DELAY_MS: env.SHUTDOWN_DELAY_MS, SHUTDOWN_TIMEOUT_MS: env.SHUTDOWN_TIMEOUT_MS });
  if (!parsed.success) {
    // Like config.ts: name the variable, never echo the value.
    const names = [...new Set(parsed.error.issues.map((i) => String(i.path[0])))];
    throw new Error(`Invalid configuration: ${names.join(', ')} must be a whole number of milliseconds.`);
  }
  return parsed.data;
}
