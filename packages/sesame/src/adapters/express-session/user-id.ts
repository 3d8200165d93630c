/**
 * Who is signed in, read from express-session data. Passport keeps the value its
 * `serializeUser` returns in `req.session.passport.user`; a string or a number there is the
 * Sesame user id. Apps that keep the user elsewhere (`req.session.userId`) or serialize an object
 * pass their own `userId` function.
 *
 * @module
 */

/** The Sesame user id from express-session data, or `null` for an anonymous session. */
export type UserIdOf = (session: Readonly<Record<string, unknown>>) => string | null;

/** Default {@link UserIdOf}: `session.passport.user` when it is a string or a finite number. */
export const passportUserId: UserIdOf = (session) => {
  const passport = session['passport'];
  if (typeof passport !== 'object' || passport === null) return null;
  const user = (passport as Record<string, unknown>)['user'];
  if (typeof user === 'string') return user.length > 0 ? user : null;
  return typeof user === 'number' && Number.isFinite(user) ? String(user) : null;
};
