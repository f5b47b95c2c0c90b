import { ErrorCode } from '../error-codes.js';
import { userError } from '../graphql/to-graphql-error.js';

/**
 * The Clarifai credential for one request. A caller's own PAT is used only when the operator opted in:
 * as `Authorization: Key <PAT>`, or as `x-clarifai-pat: <PAT>` when Authorization carries a Bearer token
 * (AUTH_MODE=jwt); both at once must agree. Other schemes (e.g. a gateway's Bearer token) are left alone.
 */
export function credentialFor(
  authorization: string | undefined,
  allowCallerPat: boolean,
  serverPat: string | undefined,
  patHeader?: string | string[],
): string | undefined {
  if (allowCallerPat && patHeader !== undefined) {
    const fromHeader = credentialFor(`Key ${Array.isArray(patHeader) ? patHeader[0] : patHeader}`, true, serverPat);
    const fromAuthorization = authorization && /^Key\b/i.test(authorization.trim()) ? credentialFor(authorization, true, serverPat) : undefined;
    if (fromAuthorization !== undefined && fromAuthorization !== fromHeader) {
      throw userError(ErrorCode.INVALID_CREDENTIAL_HEADER, 'Authorization: Key and x-clarifai-pat carry two different PATs: send one.');
    }
    return fromHeader;
  }
  if (!allowCallerPat || !authorization) return serverPat;
  const m = /^Key(?:\s+(.*))?$/i.exec(authorization.trim());
  if (!m) return serverPat;
  const pat = m[1]?.trim();
  if (!pat || !/^[\x21-\x7e]{8,256}$/.test(pat)) {
    throw userError(
      ErrorCode.INVALID_CREDENTIAL_HEADER,
      'The Authorization header must be "Key <your Clarifai PAT>" with a PAT of 8-256 visible characters.',
    );
  }
  return pat;
}
