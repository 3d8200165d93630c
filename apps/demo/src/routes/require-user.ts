/**
 * Guard for signed-in pages: anonymous visitors go to the sign-in page with the reason their
 * cookie stopped working (idle timeout, sign-out elsewhere), as a fixed code the page looks up.
 *
 * @module
 */
import type { Request, RequestHandler, Response } from 'express';
import type { UserRepository, User } from '../users/repository.js';
import { currentUser } from '../context.js';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- declaration merging is how Express types locals.
  namespace Express {
    interface Locals {
      /** Set by {@link requireUser} on signed-in routes. */
      user?: User;
    }
  }
}

/** The user {@link requireUser} found; only call it behind that middleware. */
export function userOf(res: Response): User {
  const { user } = res.locals;
  if (user === undefined) throw new Error('userOf() called on a route without requireUser()');
  return user;
}

function loginLocation(req: Request): string {
  const ended = req.session.endedReason;
  return ended === null ? '/login' : `/login?ended=${ended}`;
}

/**
 * @example
 * router.get('/account', requireUser(users), (req, res) => …);
 */
export function requireUser(users: UserRepository): RequestHandler {
  return async (req, res, next) => {
    const user = currentUser(req, users);
    if (user === null) {
      // A session whose account was deleted is ended, not kept around half-valid.
      if (req.session.isAuthenticated) await req.session.logout();
      res.redirect(303, loginLocation(req));
      return;
    }
    res.locals.user = user;
    next();
  };
}
