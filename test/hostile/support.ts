import { connect } from 'node:net';
import { ErrorCode } from '../../src/error-codes.js';
import { multipartBody } from '../support/multipart.js';

/** What came back, as bytes on the wire would say it. */
export interface Reply {
  status: number;
  contentType: string;
  text: string;
}

export interface HostileCase {
  name: string;
  send(baseUrl: string): Promise<Reply>;
  /** Codes the answer must carry (one of them at least), where the case has one right answer. */
  codes?: string[];
  /** Set where the answer comes from Node's HTTP parser, before any of our code (no JSON body). */
  bareHttp?: boolean;
}

/**
 * Codes a client may see: ours (src/error-codes.ts) and the ones Apollo Server sets on malformed
 * requests. INTERNAL_SERVER_ERROR is not among them: for hostile input it would mean a bug.
 */
export const KNOWN_CODES: ReadonlySet<string> = new Set([
  ...Object.values(ErrorCode).filter((c) => c !== ErrorCode.INTERNAL_SERVER_ERROR),
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

export const MODEL = 'general-image-recognition';
export const PREDICT = `query P($images: [ImageInput!]!, $modelId: ID!, $options: PredictOptions) {
  predict(images: $images, modelId: $modelId, options: $options) { input { index } concepts { id name value } }
}`;

export async function http(baseUrl: string, init: RequestInit & { path?: string } = {}): Promise<Reply> {
  const res = await fetch(`${baseUrl}${init.path ?? '/graphql'}`, { method: 'POST', ...init });
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', text: await res.text() };
}

const JSON_HEADERS = { 'content-type': 'application/json' };

/** A POST whose body is sent exactly as given (a string is not JSON-encoded again). */
export function rawJson(name: string, body: string | Buffer, extra: Partial<HostileCase> = {}, headers: Record<string, string> = {}): HostileCase {
  return { name, send: (url) => http(url, { headers: { ...JSON_HEADERS, ...headers }, body }), ...extra };
}

/** A well-formed JSON request carrying a hostile operation or variables. */
export function operation(name: string, query: unknown, variables?: unknown, extra: Partial<HostileCase> = {}): HostileCase {
  return rawJson(name, JSON.stringify({ query, variables }), extra);
}

/** A predict call with the given image inputs; each image must get its own error. */
export function images(name: string, list: unknown[], codes?: string[]): HostileCase {
  return operation(name, PREDICT, { images: list, modelId: MODEL }, codes ? { codes } : {});
}

export function multipart(
  name: string,
  parts: Parameters<typeof multipartBody>[0],
  extra: Partial<HostileCase> = {},
  headers: Record<string, string> = { 'apollo-require-preflight': 'true' },
): HostileCase {
  const body = multipartBody(parts);
  return {
    name,
    send: (url) => http(url, { headers: { 'content-type': 'multipart/form-data; boundary=x-boundary-42', ...headers }, body }),
    ...extra,
  };
}

/**
 * Bytes straight onto a socket, for what fetch will not send (lies about lengths, streams cut short):
 * reads until the server answers or closes.
 */
export function socket(
  name: string,
  bytes: () => Buffer | string,
  extra: Partial<HostileCase> = {},
  opts: { endAfterWrite?: boolean } = {},
): HostileCase {
  return {
    name,
    ...extra,
    send: (baseUrl) =>
      new Promise<Reply>((resolve, reject) => {
        const s = connect(Number(new URL(baseUrl).port), '127.0.0.1');
        const chunks: Buffer[] = [];
        const timer = setTimeout(() => s.destroy(new Error('no answer within 10 s')), 10_000);
        s.on('data', (d: Buffer) => chunks.push(d));
        s.on('error', reject);
        s.on('close', () => {
          clearTimeout(timer);
          resolve(parseHttp(Buffer.concat(chunks).toString('latin1')));
        });
        s.write(bytes(), () => (opts.endAfterWrite ? s.end() : undefined));
        // Keep-alive would hold the socket open after the answer: close once an answer is complete.
        s.on('data', () => {
          const text = Buffer.concat(chunks).toString('latin1');
          const length = /content-length: (\d+)/i.exec(text)?.[1];
          const head = text.indexOf('\r\n\r\n');
          if (length && head >= 0 && Buffer.byteLength(text.slice(head + 4), 'latin1') >= Number(length)) s.destroy();
        });
      }),
  };
}

function parseHttp(text: string): Reply {
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
  const head = text.indexOf('\r\n\r\n');
  const contentType = /content-type: ([^\r\n]+)/i.exec(text.slice(0, head))?.[1] ?? '';
  return { status, contentType, text: head >= 0 ? Buffer.from(text.slice(head + 4), 'latin1').toString('utf8') : '' };
}

/** Error codes of a JSON GraphQL answer (undefined when the body is not JSON). */
export function codesOf(reply: Reply): string[] | undefined {
  try {
    const body = JSON.parse(reply.text) as { errors?: Array<{ extensions?: { code?: unknown } }> };
    return (body.errors ?? []).map((e) => String(e.extensions?.code));
  } catch {
    return undefined;
  }
}
