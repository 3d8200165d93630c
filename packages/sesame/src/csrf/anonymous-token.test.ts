import { describe, expect, it } from 'vitest';
import { cookieWriter } from '../cookie/serialize.js';
import { AnonymousCsrf } from './anonymous-token.js';
import { csrfTokenFor } from './token.js';

const NAME = '__Host-sid-csrf';
const secret = Buffer.from('anonymous-secret-0123456789-abcdefgh');
const csrf = (secrets: Buffer[] = [secret]) =>
  new AnonymousCsrf(secrets, NAME, cookieWriter({ name: NAME, secure: true, sameSite: 'lax' }));

describe('AnonymousCsrf', () => {
  it('binds the token to the nonce cookie, under every configured secret', () => {
    const anonymous = csrf();
    const nonce = anonymous.newNonce();
    const { token, setCookie } = anonymous.issue(nonce);
    expect(setCookie.line).toBe(`${NAME}=${nonce}; Max-Age=7200; Path=/; HttpOnly; Secure; SameSite=Lax`);
    expect(setCookie.cookie).toEqual({
      name: NAME,
      value: nonce,
      options: { httpOnly: true, secure: true, sameSite: 'lax', path: '/', maxAge: 7200 },
    });
    const header = `a=1; ${NAME}=${nonce}`;
    expect(anonymous.verify(header, () => token)).toBe(true);
    expect(anonymous.verify(`${NAME}=${anonymous.newNonce()}`, () => token)).toBe(false);
    expect(anonymous.verify(null, () => token)).toBe(false);
    const rotated = csrf([Buffer.from('newer-secret-0123456789-abcdefghijkl'), secret]);
    expect(rotated.verify(header, () => token)).toBe(true);
    expect(csrf([Buffer.from('newer-secret-0123456789-abcdefghijkl')]).verify(header, () => token)).toBe(
      false,
    );
  });

  it('reads the submitted token only when the request carries a nonce to check it against', () => {
    const anonymous = csrf();
    let reads = 0;
    const readToken = (): unknown => {
      reads += 1;
      return 'x'.repeat(43);
    };
    expect(anonymous.verify(null, readToken)).toBe(false);
    expect(anonymous.verify('a=1', readToken)).toBe(false);
    expect(reads).toBe(0);
    expect(anonymous.verify(`${NAME}=${anonymous.newNonce()}`, readToken)).toBe(false);
    expect(reads).toBe(1);
  });

  it('is HMAC-SHA256(secret, "sesame-csrf-anonymous-v1" NUL nonce), base64url (known answer)', () => {
    // Pinned: the context keeps an anonymous token from ever passing as a session-bound one (or as
    // any other MAC made under the same secret), and a change to it invalidates every open form.
    const nonce = 'AAAAAAAAAAAAAAAAAAAAAA';
    const anonymous = csrf();
    expect(anonymous.issue(nonce).token).toBe('u6vbHHLe_n5MHqcVyr8yAEfSGhEZZ5WC3pDNgCHh0-U');
    expect(anonymous.verify(`${NAME}=${nonce}`, () => 'u6vbHHLe_n5MHqcVyr8yAEfSGhEZZ5WC3pDNgCHh0-U')).toBe(
      true,
    );
  });

  it('reads only canonical 16-byte nonces, and never takes a session token for its own', () => {
    const anonymous = csrf();
    const nonce = anonymous.newNonce();
    expect(anonymous.presented(`${NAME}=${nonce}`)).toBe(nonce);
    for (const bad of ['', 'x', `${nonce}A`, `${nonce.slice(0, -1)}B`, `${nonce.slice(0, -1)}+`]) {
      expect(anonymous.presented(`${NAME}=${bad}`), bad).toBeNull();
    }
    expect(anonymous.carried(`${NAME}=garbage`)).toBe(true);
    expect(anonymous.carried('__Host-sid=abc')).toBe(false);
    // The same value as a session id gives a different token: the contexts differ.
    expect(anonymous.issue(nonce).token).not.toBe(csrfTokenFor([secret], nonce));
    expect(anonymous.cleared.line).toMatch(new RegExp(`^${NAME}=; Max-Age=0;`));
    expect(anonymous.cleared.cookie).toMatchObject({ name: NAME, value: '', options: { maxAge: 0 } });
  });
});
