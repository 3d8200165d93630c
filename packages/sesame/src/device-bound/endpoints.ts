/**
 * The two DBSC endpoints (W3C DBSC draft, "Server considerations"), answered in the core so every
 * adapter gets them:
 *
 * - **registration**: the browser posts a proof signed by its new key over the challenge offered
 *   at sign-in. The session must be signed in, the offer unused and unexpired; the key is stored
 *   with the record, the challenge replaced, and the answer is the session instructions with the
 *   first bound cookie.
 * - **refresh**: the browser names its DBSC session (`Sec-Secure-Session-Id`). Without a proof it
 *   gets a 403 with the challenge to sign; with a proof that verifies under the stored key and
 *   answers the live challenge, a new bound cookie, and the challenge is replaced so the proof
 *   cannot be used again. A session that is gone, unbound or bound under another id is told to end
 *   (`continue: false`), which Chrome does at once.
 *
 * @module
 */
import type { RequestFacts } from '../http.js';
import type { DeviceBinding, SessionRecord } from '../store.js';
import type { DeviceBoundAnswer } from './answer.js';
import type { BoundCookie } from './bound-cookie.js';
import { challengeMatches, isBound, withNewChallenge } from './challenge.js';
import { CHALLENGE_HEADER, challengeHeader, readProof, readSessionId } from './headers.js';
import { endInstructions, sessionInstructions } from './instructions.js';
import type { ResolvedDeviceBound } from './options.js';
import { verifyRefreshProof, verifyRegistrationProof } from './proof.js';

/** What the endpoints need from the engine: a narrow context (CONTRIBUTING.md §4). */
export interface DeviceBoundContext {
  /** The resolved option. */
  settings: ResolvedDeviceBound;
  /** The bound cookie writer. */
  cookie: BoundCookie;
  /** The bound cookie's attributes, as the instructions state them. */
  cookieAttributes: string;
  /** The time. */
  now: () => number;
  /** The live record the request's session cookie names, its secret verified; `null` otherwise. */
  findRecord: (facts: RequestFacts) => Promise<SessionRecord | null>;
  /** Store the binding; `false` when the session is gone. */
  saveBinding: (id: string, binding: DeviceBinding) => Promise<boolean>;
}

const JSON_HEADERS = { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' } as const;

function refused(status: 400 | 401): DeviceBoundAnswer {
  return { status, headers: { 'Cache-Control': 'no-store' }, setCookies: [], body: '' };
}

function ended(sessionId: string): DeviceBoundAnswer {
  return { status: 200, headers: JSON_HEADERS, setCookies: [], body: endInstructions(sessionId) };
}

function issued(
  ctx: DeviceBoundContext,
  recordId: string,
  binding: DeviceBinding,
  nowMs: number,
): DeviceBoundAnswer {
  const { settings, cookie, cookieAttributes } = ctx;
  return {
    status: 200,
    // The next challenge rides along, so the next refresh needs one round trip, not two.
    headers: { ...JSON_HEADERS, [CHALLENGE_HEADER]: challengeHeader(binding.challenge, binding.sessionId) },
    setCookies: [cookie.issue(recordId, binding.sessionId, nowMs)],
    body: sessionInstructions(binding.sessionId, settings.refreshPath, cookie.name, cookieAttributes),
  };
}

/** Which endpoint `facts` is for, or `null`: only a POST to one of the configured paths. */
export function endpointOf(
  settings: ResolvedDeviceBound,
  facts: RequestFacts,
): 'register' | 'refresh' | null {
  if (facts.method !== 'POST' || typeof facts.path !== 'string') return null;
  if (facts.path === settings.registrationPath) return 'register';
  return facts.path === settings.refreshPath ? 'refresh' : null;
}

/**
 * How long the challenge sent with a 200 lives: it is signed at the next refresh, when the bound
 * cookie has expired, so it must outlast the cookie; otherwise every refresh would cost a 403 first.
 */
function cachedChallengeLifetime(settings: ResolvedDeviceBound): number {
  return settings.cookieLifetimeMs + settings.challengeLifetimeMs;
}

/** Answer a registration request. */
export async function register(ctx: DeviceBoundContext, facts: RequestFacts): Promise<DeviceBoundAnswer> {
  const record = await ctx.findRecord(facts);
  if (record === null || record.userId === null) return refused(401);
  const offer = record.deviceBinding;
  // Nothing offered, or a key already registered: the offer is single use, and a second key
  // must never replace the first.
  if (offer === null || offer === undefined || offer.jwk !== null) return refused(400);
  const jwt = readProof(facts.secureSessionResponse);
  const proof = jwt === null ? null : await verifyRegistrationProof(jwt);
  const nowMs = ctx.now();
  if (proof === null || !challengeMatches(offer, proof.jti, nowMs)) return refused(400);
  const bound: DeviceBinding = {
    ...withNewChallenge(offer, nowMs, cachedChallengeLifetime(ctx.settings)),
    jwk: proof.jwk,
    boundMs: nowMs,
  };
  if (!(await ctx.saveBinding(record.id, bound))) return refused(401);
  return issued(ctx, record.id, bound, nowMs);
}

/** Answer a refresh request. */
export async function refresh(ctx: DeviceBoundContext, facts: RequestFacts): Promise<DeviceBoundAnswer> {
  const sessionId = readSessionId(facts.secureSessionId);
  if (sessionId === null) return refused(400);
  const record = await ctx.findRecord(facts);
  const binding = record?.deviceBinding;
  if (record === null || !isBound(binding) || binding.sessionId !== sessionId) return ended(sessionId);

  const nowMs = ctx.now();
  const lifetimeMs = ctx.settings.challengeLifetimeMs;
  const jwt = readProof(facts.secureSessionResponse);
  const proof = jwt === null ? null : await verifyRefreshProof(jwt, binding.jwk);
  if (proof !== null && challengeMatches(binding, proof.jti, nowMs)) {
    const next = withNewChallenge(binding, nowMs, cachedChallengeLifetime(ctx.settings));
    if (!(await ctx.saveBinding(record.id, next))) return ended(sessionId);
    return issued(ctx, record.id, next, nowMs);
  }
  // No proof, or one that does not answer the live challenge with the stored key: ask for one.
  // A live challenge is kept, so a client without the key cannot make the browser's proof stale.
  let current: DeviceBinding = binding;
  if (binding.challengeExpiresMs <= nowMs) {
    current = withNewChallenge(binding, nowMs, lifetimeMs);
    if (!(await ctx.saveBinding(record.id, current))) return ended(sessionId);
  }
  return {
    status: 403,
    headers: {
      'Cache-Control': 'no-store',
      [CHALLENGE_HEADER]: challengeHeader(current.challenge, sessionId),
    },
    setCookies: [],
    body: '',
  };
}
