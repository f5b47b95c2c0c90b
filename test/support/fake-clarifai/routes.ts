import type { IncomingHttpHeaders } from 'node:http';
import { Code } from './status-codes.js';

/** What the URL path says; user/app are absent for the two short forms (they come from the body). */
export interface Route {
  modelId: string;
  versionId?: string;
  userId?: string;
  appId?: string;
}

// The four PostModelOutputs bindings of service.proto (clarifai-api.md §1); deployments are not faked.
const PATTERNS: ReadonlyArray<[RegExp, (m: string[]) => Route]> = [
  [
    /^\/v2\/users\/([^/]+)\/apps\/([^/]+)\/models\/([^/]+)\/versions\/([^/]+)\/outputs$/,
    ([, userId, appId, modelId, versionId]) => ({ userId, appId, modelId: modelId!, versionId }),
  ],
  [/^\/v2\/models\/([^/]+)\/versions\/([^/]+)\/outputs$/, ([, modelId, versionId]) => ({ modelId: modelId!, versionId })],
  [/^\/v2\/users\/([^/]+)\/apps\/([^/]+)\/models\/([^/]+)\/outputs$/, ([, userId, appId, modelId]) => ({ userId, appId, modelId: modelId! })],
  [/^\/v2\/models\/([^/]+)\/outputs$/, ([, modelId]) => ({ modelId: modelId! })],
];

export function matchRoute(pathname: string): Route | undefined {
  for (const [re, build] of PATTERNS) {
    const m = re.exec(pathname);
    if (!m) continue;
    try {
      return build(m.map((s) => (s === undefined ? s : decodeURIComponent(s))) as string[]);
    } catch {
      return undefined; // bad percent-encoding: no such resource
    }
  }
  return undefined;
}

export type AuthResult = { ok: true; pat: string } | { ok: false; pat?: string; code: number; details: string };

export function checkAuth(headers: IncomingHttpHeaders, accepted: ReadonlySet<string>): AuthResult {
  const header = headers.authorization;
  const m = header === undefined ? null : /^Key ([^\s]+)$/.exec(header.trim());
  if (!m) {
    return {
      ok: false,
      code: Code.CONN_INVALID_REQUEST,
      details: 'Empty or malformed authorization header. Please provide an API key or session token.',
    };
  }
  const pat = m[1]!;
  if (!accepted.has(pat)) return { ok: false, pat, code: Code.CONN_KEY_NOT_FOUND, details: 'API key not found' };
  return { ok: true, pat };
}
