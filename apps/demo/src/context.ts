/**
 * What the routes share, built once by {@link createApp}, and the request helpers they all use.
 *
 * @module
 */
import type { Request } from 'express';
import type { Clock, Sessions } from 'sesame-session';
import type { AppConfig } from './config.js';
import type { LoginThrottle } from './throttle.js';
import type { User, UserRepository } from './users/repository.js';
import type { Viewer } from './views/layout.js';

export interface AppContext {
  config: AppConfig;
  clock: Clock;
  sessions: Sessions;
  users: UserRepository;
  throttle: LoginThrottle;
}

/**
 * A form field as a string, or `null` when it is missing or repeated (`a=1&a=2` parses to an
 * array, which no handler here expects).
 */
export function field(req: Request, name: string): string | null {
  const body: unknown = req.body;
  if (typeof body !== 'object' || body === null || !Object.hasOwn(body, name)) return null;
  const value = (body as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : null;
}

/** The signed-in user of this request, or `null` (also when the account no longer exists). */
export function currentUser(req: Request, users: UserRepository): User | null {
  const { userId } = req.session;
  return userId === null ? null : users.findById(userId);
}

/** What the layout needs to draw the signed-in navigation. */
export async function viewerFor(req: Request, user: User): Promise<Viewer> {
  return { username: user.username, csrfToken: await req.session.csrfToken() };
}
