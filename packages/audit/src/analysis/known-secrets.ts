/**
 * Signing secrets that tutorials, READMEs and generators put in code and that end up in
 * production (the express-session README's `keyboard cat` first among them). A short list on
 * purpose: this is a check for copy-paste, not a cracker.
 *
 * @module
 */

/** Well-known placeholder secrets. */
export const KNOWN_SECRETS: readonly string[] = [
  'keyboard cat',
  'keyboard-cat',
  'secret',
  'Secret',
  'SECRET',
  'secretkey',
  'secret-key',
  'secret_key',
  'mysecret',
  'my-secret',
  'my secret',
  'mysecretkey',
  'supersecret',
  'super-secret',
  'super secret',
  'your-secret-key',
  'your_secret_key',
  'yoursecret',
  'your secret',
  'your-256-bit-secret',
  'session-secret',
  'session_secret',
  'sessionsecret',
  'changeme',
  'change-me',
  'change me',
  'changethis',
  'shhhhh',
  'shhhhhhared-secret',
  'password',
  '123456',
  'default',
  'development',
  'dev',
  'test',
  'foobar',
  'abc123',
  'qwerty',
  'jwt-secret',
  'jwtsecret',
  'express',
  'cat',
  'sesame',
];
