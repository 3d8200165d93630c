/**
 * Every failure ends here and becomes a page (or JSON under /api) with the right status and a
 * message for people: 403 for a refused cross-site form, 503 when the session store is down,
 * 400/413/415 for bodies the parser rejected, 500 for our own bugs. Stack traces and internal
 * messages go to the log only (ASVS 5.0 V16.5.1). Bad input is never a 500.
 *
 * @module
 */
import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import type { Logger } from 'sesame-session';
import { isSesameError } from 'sesame-session';
import { currentUser, viewerFor } from './context.js';
import { sendPage } from './render.js';
import type { UserRepository } from './users/repository.js';
import { ErrorPage } from './views/error-page.js';
import type { Viewer } from './views/layout.js';

interface Answer {
  status: number;
  title: string;
  message: string;
}

const CSRF_REFUSED: Answer = {
  status: 403,
  title: 'Request refused',
  message:
    'This form was sent from another site, or without the security token that our own pages include, so nothing was changed. If you were using this site, go back, reload the page and try again.',
};
const UNAVAILABLE: Answer = {
  status: 503,
  title: 'Service unavailable',
  message:
    'We cannot reach our session service right now. Nothing was changed. Please try again in a minute.',
};
const TOO_MANY: Answer = {
  status: 429,
  title: 'Too many requests',
  message:
    'This device has started too many sessions in a short time. Please wait a few minutes and try again.',
};
const INTERNAL: Answer = {
  status: 500,
  title: 'Something went wrong',
  message: 'An unexpected error occurred on our side. Please try again.',
};

/** body-parser errors carry a `type`; these are the client's fault, never ours. */
const BODY_ERRORS: Readonly<Record<string, Answer>> = {
  'entity.too.large': {
    status: 413,
    title: 'Form too large',
    message: 'That form sent more data than we accept.',
  },
  'parameters.too.many': {
    status: 413,
    title: 'Form too large',
    message: 'That form sent more fields than we accept.',
  },
  'charset.unsupported': {
    status: 415,
    title: 'Unsupported form encoding',
    message: 'Forms must be sent as UTF-8.',
  },
  'encoding.unsupported': {
    status: 415,
    title: 'Unsupported form encoding',
    message: 'That content encoding is not accepted.',
  },
};
const NOT_FOUND: Answer = {
  status: 404,
  title: 'Page not found',
  message: 'There is nothing at this address. Check the link, or start again from the home page.',
};
const BAD_REQUEST: Answer = { status: 400, title: 'Bad request', message: 'We could not read that request.' };

function answerFor(err: unknown): Answer | 'signed-out' {
  if (isSesameError(err)) {
    switch (err.code) {
      case 'ERR_CSRF_ORIGIN':
      case 'ERR_CSRF_TOKEN':
        return CSRF_REFUSED;
      case 'ERR_STORE_UNAVAILABLE':
      case 'ERR_STORE_TIMEOUT':
        return UNAVAILABLE;
      case 'ERR_SESSION_LIMITED':
        return TOO_MANY;
      case 'ERR_SESSION_GONE':
      case 'ERR_SESSION_ANONYMOUS':
        return 'signed-out';
      default:
        return INTERNAL;
    }
  }
  const { type, status } = (typeof err === 'object' && err !== null ? err : {}) as {
    type?: unknown;
    status?: unknown;
  };
  if (typeof type === 'string' && Object.hasOwn(BODY_ERRORS, type)) return BODY_ERRORS[type] as Answer;
  if (status === 404) return NOT_FOUND;
  if (typeof status === 'number' && status >= 400 && status < 500) return { ...BAD_REQUEST, status };
  return INTERNAL;
}

function wantsJson(req: Request): boolean {
  return req.path.startsWith('/api/');
}

/**
 * The signed-in user's menu for an error page. No session when the error came before the session
 * middleware (a body the parser refused) or from it (store down): then the signed-out menu.
 */
async function viewerOf(req: Request, users: UserRepository): Promise<Viewer | null> {
  if ((req as Partial<Request>).session === undefined) return null;
  const user = currentUser(req, users);
  return user === null ? null : viewerFor(req, user);
}

async function send(req: Request, res: Response, answer: Answer, users: UserRepository): Promise<void> {
  res.setHeader('Cache-Control', 'no-store');
  if (answer.status === 503) res.setHeader('Retry-After', '30');
  if (wantsJson(req)) {
    res.status(answer.status).json({ error: answer.title });
    return;
  }
  // A refused form or a missing page says nothing about the session: keep the user's menu. A 503
  // says the session service is out, so the page shows no account as if it were.
  const viewer =
    answer.status === 403 || answer.status === 404 ? await viewerOf(req, users).catch(() => null) : null;
  sendPage(res, answer.status, <ErrorPage {...answer} viewer={viewer} />);
}

/**
 * The last middleware.
 *
 * @example
 * app.use(notFound(users), errorHandler(console, users));
 */
export function errorHandler(logger: Logger, users: UserRepository): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    const answer = answerFor(err);
    if (answer === 'signed-out') {
      if (wantsJson(req)) {
        send(req, res, { status: 401, title: 'Not signed in', message: '' }, users).catch(next);
        return;
      }
      res.redirect(303, '/login?ended=ended');
      return;
    }
    if (answer === INTERNAL) {
      logger.error(`demo: ${req.method} ${req.path} failed with ${answer.status}`, {
        error: err instanceof Error ? (err.stack ?? err.message) : String(err),
      });
    }
    send(req, res, answer, users).catch(next);
  };
}

/** 404 for every route nobody answered. */
export function notFound(users: UserRepository): RequestHandler {
  return (req, res, next) => void send(req, res, NOT_FOUND, users).catch(next);
}
