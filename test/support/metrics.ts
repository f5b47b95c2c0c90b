/**
 * Sum of every series of one metric on a running service's /metrics (0 when it has none yet); `get` may
 * scrape through a connection of its own (a test counting the service's open connections).
 */
export async function metricSum(
  serviceUrl: string,
  name: string,
  get: (url: string) => Promise<{ text(): Promise<string> }> = fetch,
): Promise<number> {
  const text = await (await get(`${serviceUrl}/metrics`)).text();
  const series = new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'gm');
  return [...text.matchAll(series)].reduce((n, m) => n + Number(m[1]), 0);
}

/** The value of one series in an exposition, e.g. seriesValue(text, 'predict_images_total{code="OK"}'); 0 when absent. */
export function seriesValue(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

/** Polls until `done` holds, failing with `describe()` once `timeoutMs` has passed. */
export async function until(done: () => Promise<boolean>, timeoutMs: number, describe: () => string): Promise<number> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await done()) return Date.now();
    if (Date.now() > end) throw new Error(describe());
    await new Promise((r) => setTimeout(r, 50));
  }
}
