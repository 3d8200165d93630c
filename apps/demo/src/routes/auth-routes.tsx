/**
 * Register, sign in, sign out (docs/architecture.md §6). Sign-in answers an unknown username and a wrong
 * password with the same status, text and time (OWASP Authentication Cheat Sheet), counts every
 * attempt against the account and the client before any hash runs, and starts the signed-in
 * session with a new token (Sesame's `login`, the fixation defence).
 *
 * @module
 */
import type { Request, Response } from 'express';
import { Router } from 'express';
import { clientKey } from '../client-key.js';
import type { AppContext } from '../context.js';
import { currentUser, field } from '../context.js';
import { endedMessage, parseEndedReason } from '../messages.js';
import { hashPassword, verifyAgainstDummy, verifyPassword } from '../passwords/hash.js';
import { passwordProblem } from '../passwords/policy.js';
import { sendPage } from '../render.js';
import type { ThrottleVerdict } from '../throttle.js';
import { USERNAME_RULE, normalizeUsername } from '../users/username.js';
import { LoginPage } from '../views/login-page.js';
import { RegisterPage } from '../views/register-page.js';

/** The one failure text for unknown user and wrong password alike. */
export const LOGIN_FAILED = 'Wrong username or password.';

/** 429 with Retry-After in seconds (RFC 9110 §10.2.3) and a sentence that says how long. */
export function throttled(res: Response, verdict: NonNullable<ThrottleVerdict>): string {
  const seconds = Math.ceil(verdict.retryAfterMs / 1000);
  res.setHeader('Retry-After', String(seconds));
  const minutes = Math.ceil(seconds / 60);
  return `Too many attempts. For your security, please wait ${minutes === 1 ? 'a minute' : `${minutes} minutes`} and try again.`;
}

async function loginForm(
  req: Request,
  res: Response,
  status: number,
  props: { username?: string; error?: string | null; notice?: string | null },
) {
  const csrfToken = await req.session.csrfToken();
  sendPage(res, status, <LoginPage csrfToken={csrfToken} {...props} />);
}

async function registerForm(
  req: Request,
  res: Response,
  status: number,
  props: { username?: string; error?: string },
) {
  const csrfToken = await req.session.csrfToken();
  sendPage(res, status, <RegisterPage csrfToken={csrfToken} {...props} />);
}

/**
 * @example
 * app.use(authRoutes(context));
 */
export function authRoutes(context: AppContext): Router {
  const { users, throttle, clock, config } = context;
  const router = Router();

  router.get('/login', async (req, res) => {
    if (currentUser(req, users)) return res.redirect(303, '/account');
    const ended = parseEndedReason(req.query['ended']) ?? req.session.endedReason;
    await loginForm(req, res, 200, { notice: ended ? endedMessage(ended, config) : null });
  });

  router.post('/login', async (req, res) => {
    const typed = field(req, 'username');
    const password = field(req, 'password');
    if (typed === null || password === null || typed.trim() === '' || password === '') {
      return loginForm(req, res, 400, { username: typed ?? '', error: 'Enter your username and password.' });
    }
    const username = normalizeUsername(typed) ?? typed.normalize('NFKC').trim().toLowerCase().slice(0, 64);
    const client = clientKey(req.ip);
    const wait = await throttle.attempt(username, client);
    if (wait) return loginForm(req, res, 429, { username: typed, error: throttled(res, wait) });

    const user = users.findByUsername(username);
    let check = { ok: false, rehash: false };
    if (user) check = await verifyPassword(user.passwordHash, password);
    else await verifyAgainstDummy(password);
    if (!user || !check.ok) return loginForm(req, res, 401, { username: typed, error: LOGIN_FAILED });

    await throttle.succeeded(username, client);
    // OWASP Password Storage Cheat Sheet, "Upgrading legacy hashes": the plaintext is only at
    // hand now, so a bcrypt or outdated argon2 hash is replaced at this sign-in.
    if (check.rehash) users.setPasswordHash(user.id, await hashPassword(password), null);
    await req.session.login(user.id, { remember: field(req, 'remember') === 'on' });
    res.redirect(303, '/account');
  });

  router.get('/register', async (req, res) => {
    if (currentUser(req, users)) return res.redirect(303, '/account');
    await registerForm(req, res, 200, {});
  });

  router.post('/register', async (req, res) => {
    const typed = field(req, 'username');
    const password = field(req, 'password');
    if (typed === null || password === null) {
      return registerForm(req, res, 400, {
        username: typed ?? '',
        error: 'Choose a username and a password.',
      });
    }
    const username = normalizeUsername(typed);
    if (username === null)
      return registerForm(req, res, 400, { username: typed, error: `Usernames are ${USERNAME_RULE}` });
    const problem = passwordProblem(password, username);
    if (problem) return registerForm(req, res, 400, { username: typed, error: problem });

    const wait = await throttle.registration(clientKey(req.ip));
    if (wait) return registerForm(req, res, 429, { username: typed, error: throttled(res, wait) });
    const user = users.create(username, await hashPassword(password), clock.now());
    if (user === null) {
      return registerForm(req, res, 409, {
        username: typed,
        error: 'That username is taken. Please choose another.',
      });
    }
    await req.session.login(user.id);
    res.redirect(303, '/account');
  });

  router.post('/logout', async (req, res) => {
    await req.session.logout();
    // W3C Clear-Site-Data: drop anything the browser cached while signed in (OWASP Session
    // Management Cheat Sheet, "Logout").
    res.setHeader('Clear-Site-Data', '"cache"');
    res.redirect(303, '/');
  });

  return router;
}
