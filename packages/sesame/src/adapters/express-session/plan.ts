/**
 * Apply the engine's cookie changes to the Express response, and remember the token they carry:
 * `reload()` reads the session again with it (load-again.ts), and a lifetime set through `req.session.cookie`
 * issues the same token again with `Max-Age`.
 *
 * @module
 */
import type { Request, Response } from 'express';
import type { Logger } from '../../config.js';
import { refuseHandshakeCookie } from '../handshake.js';
import { warnLateWrite } from '../express/late-write.js';
import { replaceSetCookies, setCookieLines } from '../set-cookie.js';
import { readCookie } from '../../cookie/parse.js';
import type { ApplyPlan, RequestFacts, ResponsePlan } from '../../http.js';
import { SesameError } from '../../errors.js';

/** Applies plans to one response and tracks the session token they set. */
export class PlanApplier {
  readonly #req: Request;
  readonly #res: Response;
  readonly #logger: Logger;
  readonly #cookieName: string;
  readonly #prefix: string;
  /** A handshake's response carries no cookie (../handshake.ts). */
  readonly #handshake: boolean;
  /** The token of the last cookie issued in this request; `null` after a clear; unset before. */
  #issued: string | null | undefined;

  constructor(req: Request, res: Response, cookieName: string, logger: Logger, handshake: boolean) {
    this.#req = req;
    this.#res = res;
    this.#logger = logger;
    this.#cookieName = cookieName;
    this.#prefix = `${cookieName}=`;
    this.#handshake = handshake;
  }

  readonly apply: ApplyPlan = (plan: ResponsePlan): void => {
    if (this.#handshake) refuseHandshakeCookie(plan);
    const res = this.#res;
    if (res.headersSent) {
      warnLateWrite(this.#logger, this.#req, res);
      throw new SesameError(
        'ERR_RESPONSE_SENT',
        'sesame: the session changed after the response was sent; save or regenerate the session before responding.',
      );
    }
    if (plan.cacheControl !== null) res.setHeader('Cache-Control', plan.cacheControl);
    for (const [name, value] of Object.entries(plan.headers ?? {})) res.setHeader(name, value);
    if (plan.setCookies.length === 0) return;
    const session = plan.setCookies.find((line) => line.startsWith(this.#prefix));
    if (session !== undefined) {
      const end = session.indexOf(';');
      const value = session.slice(this.#prefix.length, end === -1 ? undefined : end);
      this.#issued = value === '' || /;\s*max-age=0\b/i.test(session) ? null : value;
    }
    this.setCookies(plan.setCookies);
  };

  /** Set cookies, each replacing an earlier `Set-Cookie` for the same name in this response. */
  setCookies(lines: readonly string[]): void {
    this.#res.setHeader(
      'Set-Cookie',
      replaceSetCookies(setCookieLines(this.#res.getHeader('Set-Cookie')), lines),
    );
  }

  /** The token the browser will hold after this response, or `null`. */
  token(facts: RequestFacts): string | null {
    return this.#issued === undefined ? readCookie(facts.cookieHeader, this.#cookieName) : this.#issued;
  }
}
