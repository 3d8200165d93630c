/**
 * The only code that sends requests. It enforces the promises of issue 6 on every one of them:
 * same origin as the target, drawn from the request/time budget, a per-request timeout, a bounded
 * body, and redirects never followed by fetch itself (the agent follows same-origin ones).
 *
 * @module
 */
import { AuditAbort, OffTargetError } from '../errors.js';
import type { RequestBudget } from './budget.js';
import { isSameOrigin } from './target.js';

/** Header value `null` removes a header the client would otherwise send. */
export type HeaderInit = Record<string, string | null>;

/** One request as the agent builds it. */
export interface ClientRequest {
  method: string;
  url: URL;
  headers: HeaderInit;
  body?: string;
}

/** One response, body already read (up to the size cap). */
export interface ClientResponse {
  url: URL;
  method: string;
  status: number;
  headers: Headers;
  /** Raw `Set-Cookie` header values, one per cookie. */
  setCookies: string[];
  /** The `Location` header resolved against the request URL, when present and valid. */
  location: URL | null;
  body: string;
}

/** What every client needs to know. */
export interface ClientOptions {
  target: URL;
  budget: RequestBudget;
  /** Added to every request (`--header`); request headers win on a clash. */
  headers: Record<string, string>;
  requestTimeoutMs: number;
  maxBodyBytes: number;
}

const USER_AGENT = 'sesame-session-audit/0.1 (+https://owasp.org/www-project-web-security-testing-guide/)';

/**
 * Sends requests to the target only.
 *
 * @example
 * const client = new HttpClient({ target, budget, headers: {}, requestTimeoutMs: 10_000, maxBodyBytes: 1 << 20 });
 * const res = await client.send({ method: 'GET', url: new URL('/login', target), headers: {} });
 */
export class HttpClient {
  constructor(readonly options: ClientOptions) {}

  /** The audited origin. */
  get target(): URL {
    return this.options.target;
  }

  /** Send one request; never follows redirects. */
  async send(request: ClientRequest): Promise<ClientResponse> {
    if (!isSameOrigin(this.options.target, request.url)) {
      throw new OffTargetError(
        `refused to send a request to ${request.url.origin}: only ${this.target.origin} is audited`,
      );
    }
    this.options.budget.take();
    const headers = new Headers({
      'user-agent': USER_AGENT,
      accept: 'text/html,application/json;q=0.9,*/*;q=0.5',
    });
    for (const [name, value] of Object.entries(this.options.headers)) headers.set(name, value);
    for (const [name, value] of Object.entries(request.headers)) {
      if (value === null) headers.delete(name);
      else headers.set(name, value);
    }
    const timeoutMs = Math.min(this.options.requestTimeoutMs, Math.max(1, this.options.budget.remainingMs()));
    let response: Response;
    try {
      response = await fetch(request.url, {
        method: request.method,
        headers,
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
        ...(request.body === undefined ? {} : { body: request.body }),
      });
    } catch (error) {
      throw new AuditAbort(
        'unreachable',
        `${request.method} ${request.url.href}: ${describeFetchError(error)}`,
        {
          cause: error,
        },
      );
    }
    const body = await readBounded(response, this.options.maxBodyBytes);
    return {
      url: request.url,
      method: request.method,
      status: response.status,
      headers: response.headers,
      setCookies: response.headers.getSetCookie(),
      location: resolveLocation(request.url, response.headers.get('location')),
      body,
    };
  }
}

function resolveLocation(base: URL, location: string | null): URL | null {
  if (location === null) return null;
  try {
    return new URL(location, base);
  } catch {
    return null;
  }
}

/** Read at most `maxBytes` of the body, then stop the download: a huge page cannot stall the audit. */
async function readBounded(response: Response, maxBytes: number): Promise<string> {
  if (response.body === null) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      total += value.byteLength;
      if (total >= maxBytes) {
        await reader.cancel();
        break;
      }
    }
  } catch {
    // A body cut short (timeout, reset) still gives what arrived; the status is what most checks judge.
  }
  return Buffer.concat(chunks).subarray(0, maxBytes).toString('utf8');
}

function describeFetchError(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === 'TimeoutError') return 'no answer in time';
    const cause = (error as { cause?: unknown }).cause;
    if (cause instanceof Error) return cause.message;
    return error.message;
  }
  return String(error);
}
