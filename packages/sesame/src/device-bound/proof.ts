/**
 * Verifying DBSC proofs with jose (panva/jose), never hand-written JOSE. A proof is a compact JWS
 * with `typ: "dbsc+jwt"`, signed ES256 or RS256, whose `jti` is the server's challenge. At
 * registration the public key travels in the protected header (`jwk`) and the signature proves the
 * browser holds its private half; at refresh the header has no key and the signature must verify
 * under the key stored with the session. Chrome 145+ sends neither `aud` nor `iat` (Chromium
 * net/device_bound_sessions/session_binding_utils.cc), so freshness rests on the single-use,
 * short-lived challenge alone. Every failure is a `null`, never an exception (CONTRIBUTING.md §1).
 *
 * @module
 */
import type { JWK } from 'jose';
import { EmbeddedJWK, importJWK, jwtVerify } from 'jose';
import type { JsonValue } from '../store.js';

/** The algorithms the draft allows, and the only ones Sesame offers. */
export type ProofAlgorithm = 'ES256' | 'RS256';
const ALGORITHMS: ProofAlgorithm[] = ['ES256', 'RS256'];
const TYP = 'dbsc+jwt';

/** A public JWK as stored with the session: only the members that define the key. */
export type StoredJwk = { [key: string]: JsonValue };

/** What a verified registration proof yields. */
export interface RegistrationProof {
  /** The proof's `jti`: the challenge it answers. */
  jti: unknown;
  /** The public key it was signed with, reduced to its defining members. */
  jwk: StoredJwk;
}

/** The algorithm a stored key signs with. */
export function algorithmOf(jwk: StoredJwk): ProofAlgorithm | null {
  if (jwk['kty'] === 'EC' && jwk['crv'] === 'P-256') return 'ES256';
  if (jwk['kty'] === 'RSA') return 'RS256';
  return null;
}

/** The public members of a JWK (RFC 7518 §6.2.1, §6.3.1); `null` for any other kind of key. */
function publicMembers(jwk: JWK | undefined): StoredJwk | null {
  if (jwk === undefined) return null;
  const { kty, crv, x, y, n, e } = jwk;
  if (kty === 'EC' && crv === 'P-256' && typeof x === 'string' && typeof y === 'string')
    return { kty, crv, x, y };
  if (kty === 'RSA' && typeof n === 'string' && typeof e === 'string') return { kty, n, e };
  return null;
}

/**
 * Verify a registration proof: signed by the key in its own header. The caller still checks
 * `jti` against the challenge it offered.
 */
export async function verifyRegistrationProof(jwt: string): Promise<RegistrationProof | null> {
  try {
    const { payload, protectedHeader } = await jwtVerify(jwt, EmbeddedJWK, {
      algorithms: ALGORITHMS,
      typ: TYP,
    });
    const jwk = publicMembers(protectedHeader.jwk);
    if (jwk === null || algorithmOf(jwk) !== protectedHeader.alg) return null;
    return { jti: payload.jti, jwk };
  } catch {
    return null;
  }
}

/**
 * Verify a refresh proof under the stored key; the `jti` it carries, or `null` when the signature,
 * type or algorithm is wrong. The caller checks `jti` against the session's challenge.
 */
export async function verifyRefreshProof(jwt: string, jwk: StoredJwk): Promise<{ jti: unknown } | null> {
  const alg = algorithmOf(jwk);
  if (alg === null) return null;
  try {
    const key = await importJWK(jwk as JWK, alg);
    const { payload } = await jwtVerify(jwt, key, { algorithms: [alg], typ: TYP });
    return { jti: payload.jti };
  } catch {
    return null;
  }
}
