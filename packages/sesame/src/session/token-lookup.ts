/**
 * The record a request's token names and how the token's secret relates to it (renewal.ts), read
 * and judged the same way for every request and for the DBSC endpoints.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import type { ResolvedRenewal } from '../config/renewal.js';
import type { Clock } from '../clock.js';
import type { GetOptions, SessionRecord } from '../store.js';
import type { ParsedToken } from '../token/format.js';
import { hashSecret } from '../token/verify.js';
import type { RecordSecrets, SecretVerdict } from './renewal.js';
import { secretVerdict } from './renewal.js';

/**
 * What a presented secret is compared with when its id is unknown, so that path hashes and
 * compares exactly like a wrong secret for a live id (issue 10: 17 µs told them apart).
 */
const UNKNOWN: RecordSecrets = {
  secretHash: hashSecret(randomBytes(32).toString('base64url')),
  previousSecretHash: null,
  previousSecretExpiresMs: null,
};

/** A token's record (`null` when the store has none) and the verdict on its secret. */
export interface TokenLookup {
  /** As the store returned it: live, but maybe not this token's (then `verdict` is `none`). */
  record: SessionRecord | null;
  verdict: SecretVerdict;
  /** The clock when the record was judged; the rest of the request goes by it. */
  nowMs: number;
}

/**
 * Read and judge the record `token` names. With renewal on, a read cache's copy that knows
 * neither of the token's possible secrets is read again from the server: the token may have been
 * renewed on another instance a moment ago (docs/architecture.md §1.13).
 */
export async function lookUpToken(
  token: ParsedToken,
  config: { readonly renewal: ResolvedRenewal | null; readonly clock: Clock },
  get: (id: string, options?: GetOptions) => Promise<SessionRecord | null>,
): Promise<TokenLookup> {
  const { clock } = config;
  const revalidate = (cached: SessionRecord): boolean =>
    secretVerdict(token.secret, cached, clock.now()) !== 'none';
  const record = await (config.renewal === null ? get(token.id) : get(token.id, { revalidate }));
  const nowMs = clock.now();
  const verdict = secretVerdict(token.secret, record ?? UNKNOWN, nowMs);
  return { record, verdict: record?.id === token.id ? verdict : 'none', nowMs };
}
