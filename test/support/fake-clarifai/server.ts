import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { FaultPlan } from './faults.js';
import { predict } from './predict.js';
import { readBody } from './read-body.js';
import { send5xx, sendError, sendJson, sendMalformed, sendThrottled } from './reply.js';
import { errorBody } from './responses.js';
import { checkAuth, matchRoute } from './routes.js';
import { SlidingWindowLimiter } from './rate-limit.js';
import { Code } from './status-codes.js';
import type { Fault, RecordedCall } from './types.js';
import { parseRequest, type ParsedRequest, type Rejection } from './validate-request.js';

export interface ServerState {
  pats: ReadonlySet<string>;
  maxInputs: number;
  maxBodyBytes: number;
  recordBytes: boolean;
  latency?: { perCallMs: number; perImageMs: number };
  calls: RecordedCall[];
  faults: FaultPlan;
  limiter: SlidingWindowLimiter;
  timers: Set<NodeJS.Timeout>;
  seq: number;
  inFlight: number;
  peakInFlight: number;
  /** Set while a test holds admitted calls (FakeClarifai.hold); they wait for it before answering. */
  held?: Promise<void>;
}

const connectionIds = new WeakMap<Socket, number>();
let nextConnectionId = 1;
const connectionId = (socket: Socket): number => {
  let id = connectionIds.get(socket);
  if (id === undefined) connectionIds.set(socket, (id = nextConnectionId++));
  return id;
};

export function createHandler(state: ServerState): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    handle(state, req, res).catch((err: unknown) => {
      // A bug in the fake must fail loudly in the test, not look like an upstream fault.
      console.error('fake-clarifai handler error', err);
      if (!res.headersSent)
        res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify(errorBody(Code.INTERNAL_UNCATEGORIZED, String(err))));
    });
  };
}

// Order mirrors a real gateway: routing and size limits, then auth, then the rate limit; faults hit
// only admitted calls, so a test's injected fault is never eaten by an unauthenticated probe.
async function handle(state: ServerState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const call = startCall(state, req, res);
  const pathname = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
  const route = matchRoute(pathname);
  const body = await readBody(req, state.maxBodyBytes);
  call.bodyBytes = body.bytes;
  if (body.aborted) return;
  if (!route) return sendError(res, call, 404, Code.CONN_DOES_NOT_EXIST, `Path ${pathname} does not exist`);
  if (req.method !== 'POST')
    return sendError(res, call, 405, Code.CONN_METHOD_NOT_ALLOWED, `Method ${req.method} not allowed; use POST`, { allow: 'POST' });
  Object.assign(call, { modelId: route.modelId, versionId: route.versionId, userId: route.userId, appId: route.appId });
  if (body.tooLarge) {
    return sendError(
      res,
      call,
      400,
      Code.RPC_MAX_MESSAGE_SIZE_EXCEEDED,
      `Request of ${body.bytes} bytes exceeds the maximum of ${state.maxBodyBytes - 1} bytes`,
    );
  }

  const auth = checkAuth(req.headers, state.pats);
  call.pat = auth.pat;
  if (!auth.ok) return sendError(res, call, 401, auth.code, auth.details);
  call.admittedAt = Date.now();
  if (!state.limiter.tryAdmit(auth.pat)) {
    call.rateLimited = true;
    return sendThrottled(res, call);
  }

  const parsed = parseRequest(body.body!, route, state.maxInputs);
  record(state, call, parsed.ok ? parsed.req : parsed.rej);
  const fault = state.faults.next(call.inputCount);
  if (fault) call.fault = fault;
  if (fault?.type === 'throttle') return sendThrottled(res, call, fault.retryAfterSeconds);
  if (fault?.type === 'reset') {
    settle(state, call, 'reset');
    req.socket.destroy();
    return;
  }
  // The request is held open until the client gives up or the fake closes.
  if (fault?.type === 'timeout') return;

  if (state.held) await state.held;
  if (!(await delay(state, res, call.inputCount))) return;
  if (fault?.type === 'http5xx') return send5xx(res, call, fault.status ?? 500, fault.html);
  if (fault?.type === 'status') return sendJson(res, call, fault.httpStatus, errorBody(fault.code, fault.details, fault.description));
  if (!parsed.ok) return reject(res, call, fault, parsed.rej);

  const result = predict(parsed.req, route, fault?.type === 'mixed' ? fault : undefined);
  result.inputCodes?.forEach((code, i) => (call.inputs[i]!.statusCode = code));
  if (fault?.type === 'malformed') return sendMalformed(res, call, result.body);
  sendJson(res, call, result.httpStatus, result.body);
}

function reject(res: ServerResponse, call: RecordedCall, fault: Fault | undefined, rej: Rejection): void {
  if (fault?.type === 'malformed') return sendMalformed(res, call, errorBody(rej.code, rej.details));
  sendError(res, call, rej.httpStatus, rej.code, rej.details);
}

function startCall(state: ServerState, req: IncomingMessage, res: ServerResponse): RecordedCall {
  const call: RecordedCall = {
    seq: state.seq++,
    connectionId: connectionId(req.socket),
    method: req.method ?? '',
    path: req.url ?? '',
    inputCount: 0,
    inputs: [],
    bodyBytes: 0,
    startedAt: Date.now(),
    outcome: 'pending',
  };
  state.calls.push(call);
  state.inFlight++;
  state.peakInFlight = Math.max(state.peakInFlight, state.inFlight);
  res.on('finish', () => settle(state, call, 'answered'));
  res.on('close', () => settle(state, call, 'abandoned'));
  return call;
}

function settle(state: ServerState, call: RecordedCall, outcome: RecordedCall['outcome']): void {
  if (call.outcome !== 'pending') return;
  call.outcome = outcome;
  call.endedAt = Date.now();
  state.inFlight--;
}

function record(state: ServerState, call: RecordedCall, what: ParsedRequest | Rejection): void {
  call.userId = what.userId ?? call.userId;
  call.appId = what.appId ?? call.appId;
  if (!('inputs' in what)) {
    call.inputCount = what.inputCount ?? 0;
    return;
  }
  call.inputCount = what.inputs.length;
  call.outputConfig = what.outputConfig;
  call.inputs = what.inputs.map(({ id, idGenerated, kind, url, sha256, bytes }) => ({
    id,
    idGenerated,
    kind,
    ...(url !== undefined ? { url } : {}),
    ...(sha256 !== undefined ? { sha256 } : {}),
    ...(bytes !== undefined && state.recordBytes ? { bytes } : {}),
  }));
}

/** Waits out the latency model; false if the client went away meanwhile. */
function delay(state: ServerState, res: ServerResponse, inputs: number): Promise<boolean> {
  const ms = state.latency ? state.latency.perCallMs + state.latency.perImageMs * inputs : 0;
  if (ms <= 0) return Promise.resolve(!res.destroyed);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      state.timers.delete(timer);
      resolve(!res.destroyed);
    }, ms);
    state.timers.add(timer);
  });
}
