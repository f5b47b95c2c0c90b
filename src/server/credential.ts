import { ErrorCode } from '../error-codes.js';
import { userError } from '../graphql/to-graphql-error.js';

/**
 * The Clarifai credential for one request. A caller's own `Authorization: Key <PAT>` is used only when
 * the operator opted in; other schemes (e.g. a gateway's Bearer token) are left alone.
 */
export function credentialFor(authorization: string | undefined, allowCallerPat: boolean, serverPat: string | undefined): string | undefined {
  if (!allowCallerPat || !authorization) return serverPat;
  const m = /^Key(?:\s+(.*))?$/i.exec(authorization.trim());
  if (!m) return serverPat;
  const pat = m[1]?.trim();
  if (!pat || !/^[\x21-\x7e]{8,256}$/.test(pat)) {
    throw userError(ErrorCode.INVALID_CREDENTIAL_HEADER, 'The Authorization header must be "Key <your Clarifai PAT>" with a PAT of 8-256 visible characters.');
  }
  return pat;
}
