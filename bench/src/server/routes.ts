/**
 * The one app shape every variant serves, so that only the session layer differs:
 *
 * - `GET /read`: 200 with the signed-in user and one data key, 401 when not signed in;
 * - `POST /update`: sets one data key to a new value, 401 when not signed in;
 * - `POST /login`: signs a new user id in (no password hashing: the session layer is measured).
 *
 * @module
 */
import type { ErrorRequestHandler, Express, RequestHandler } from 'express';
import express from 'express';

export interface RouteHandlers {
  /** The session layer, mounted before the routes. */
  middleware: readonly RequestHandler[];
  read: RequestHandler;
  update: RequestHandler;
  login: RequestHandler;
}

let sequence = 0;
let finished = 0;

/** Responses finished so far: the denominator of "store operations per request". */
export function finishedRequests(): number {
  return finished;
}

/** First middleware of every variant: one listener per request, the same cost everywhere. */
const countRequests: RequestHandler = (_req, res, next) => {
  res.once('finish', () => {
    finished += 1;
  });
  next();
};

/** A user id never used before in this process or another server of the same run. */
export function freshUserId(): string {
  sequence += 1;
  return `u-${process.pid}-${sequence}`;
}

/** A value that differs on every call, so each update really changes the key. */
export function nextValue(): number {
  sequence += 1;
  return sequence;
}

/** Refusals (401 gone, 403 CSRF, 503 store) answer with their status; anything else is a 500. */
const answerError: ErrorRequestHandler = (error: unknown, _req, res, _next) => {
  const status =
    typeof error === 'object' && error !== null && typeof (error as { status?: unknown }).status === 'number'
      ? (error as { status: number }).status
      : 500;
  const code =
    typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string'
      ? (error as { code: string }).code
      : 'ERR_INTERNAL';
  if (status >= 500) console.error('bench server:', error);
  res.status(status).json({ error: code });
};

/** Build the Express 5 app with the three routes on top of `handlers.middleware`. */
export function buildApp(handlers: RouteHandlers): Express {
  const app = express();
  app.use(countRequests);
  for (const middleware of handlers.middleware) app.use(middleware);
  app.get('/read', handlers.read);
  app.post('/update', handlers.update);
  app.post('/login', handlers.login);
  app.use(answerError);
  return app;
}

/** The 401 every variant answers for a request without a signed-in session. */
export function notSignedIn(res: Parameters<RequestHandler>[1]): void {
  res.status(401).json({ error: 'not signed in' });
}
