/**
 * What the engine and the session see of Device Bound Session Credentials: the registration
 * offer a new signed-in record carries and the header that announces it, the bound-cookie check
 * on every load of a bound session, and the two endpoints. One object per configuration, built
 * only when `deviceBound` is on; with it off the engine holds `null` and nothing here runs.
 *
 * @module
 */
import type { Clock } from '../clock.js';
import { cookieWriter } from '../cookie/serialize.js';
import type { RequestFacts } from '../http.js';
import type { DeviceBinding, SessionRecord } from '../store.js';
import type { DeviceBoundAnswer } from './answer.js';
import { BoundCookie } from './bound-cookie.js';
import { isBound, offerBinding } from './challenge.js';
import type { DeviceBoundContext } from './endpoints.js';
import { endpointOf, refresh, register } from './endpoints.js';
import { REGISTRATION_HEADER, registrationHeader } from './headers.js';
import type { ResolvedDeviceBound } from './options.js';

/** How the endpoints reach the store: the engine's verified lookup and a binding write. */
export interface DeviceBoundStore {
  /** The live record the request's session cookie names, its secret verified; `null` otherwise. */
  findRecord: (facts: RequestFacts) => Promise<SessionRecord | null>;
  /** Write the binding; `false` when the session is gone. */
  saveBinding: (id: string, binding: DeviceBinding) => Promise<boolean>;
}

/** Device Bound Session Credentials for one configuration. */
export class DeviceBound {
  readonly settings: ResolvedDeviceBound;
  readonly #cookie: BoundCookie;
  readonly #context: DeviceBoundContext;
  readonly #clock: Clock;

  constructor(
    settings: ResolvedDeviceBound,
    secrets: readonly Buffer[],
    cookie: { secure: boolean; sameSite: 'lax' | 'strict' | 'none' },
    clock: Clock,
    store: DeviceBoundStore,
  ) {
    this.settings = settings;
    this.#clock = clock;
    this.#cookie = new BoundCookie(
      secrets,
      settings.cookieName,
      cookieWriter({ name: settings.cookieName, secure: cookie.secure, sameSite: cookie.sameSite }),
      settings.cookieLifetimeMs,
    );
    this.#context = {
      settings,
      cookie: this.#cookie,
      cookieAttributes: this.#cookie.attributes(cookie.secure, cookie.sameSite),
      now: () => clock.now(),
      ...store,
    };
  }

  /** The registration offer a new signed-in record starts with; anonymous records get none. */
  offerFor(userId: string | null, nowMs: number): DeviceBinding | null {
    return userId === null ? null : offerBinding(nowMs, this.settings.challengeLifetimeMs);
  }

  /** The `Secure-Session-Registration` header for a record whose offer is open, else nothing. */
  offerHeaders(record: SessionRecord): Readonly<Record<string, string>> | undefined {
    const binding = record.deviceBinding;
    if (binding === null || binding === undefined || binding.jwk !== null) return undefined;
    return { [REGISTRATION_HEADER]: registrationHeader(this.settings.registrationPath, binding.challenge) };
  }

  /**
   * Whether the request may use the record: always for a session that is not bound; for a bound
   * one only with a bound cookie for it that has not expired.
   */
  proves(record: SessionRecord, cookieHeader: string | null): boolean {
    const binding = record.deviceBinding;
    if (!isBound(binding)) return true;
    return this.#cookie.verify(cookieHeader, record.id, binding.sessionId, this.#clock.now());
  }

  /** The answer to a DBSC endpoint request, or `null` (synchronously) for every other request. */
  endpoint(facts: RequestFacts): Promise<DeviceBoundAnswer> | null {
    const which = endpointOf(this.settings, facts);
    if (which === null) return null;
    return which === 'register' ? register(this.#context, facts) : refresh(this.#context, facts);
  }
}
