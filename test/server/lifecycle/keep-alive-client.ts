import { Agent, request } from 'undici';

export interface Outcome {
  status?: number;
  connection?: string;
  body?: any;
  /** Set when the request failed at the transport: the error's code (ECONNRESET, UND_ERR_SOCKET, EPIPE …). */
  error?: string;
  /** Date.now() when the answer (or the error) came. */
  at: number;
}

/**
 * A client that holds keep-alive connections like a load balancer or an SDK does: one undici Agent,
 * sockets reused across requests. Errors are returned, not thrown, so a test can count every reset.
 */
export function keepAliveClient(baseUrl: string, connections: number) {
  const agent = new Agent({ connections, keepAliveTimeout: 60_000, keepAliveMaxTimeout: 60_000 });
  return {
    async post(body: unknown): Promise<Outcome> {
      try {
        const res = await request(`${baseUrl}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
          dispatcher: agent,
          headersTimeout: 60_000,
          bodyTimeout: 60_000,
        });
        const text = await res.body.text();
        return { status: res.statusCode, connection: String(res.headers.connection ?? ''), body: JSON.parse(text), at: Date.now() };
      } catch (err) {
        const e = err as { code?: string; cause?: { code?: string }; message?: string };
        return { error: e.code ?? e.cause?.code ?? e.message ?? String(err), at: Date.now() };
      }
    },
    close: () => agent.close(),
  };
}

/** Tally of transport failures by code: what a caller of a draining service must never see. */
export function transportFailures(outcomes: Outcome[]): Record<string, number> {
  const tally: Record<string, number> = {};
  for (const o of outcomes) if (o.error) tally[o.error] = (tally[o.error] ?? 0) + 1;
  return tally;
}
