/**
 * The HTTP interface of docs/architecture.md §6 for registration, sign-in and sign-out: routes, field names,
 * status codes, and what a signed-out cookie is worth afterwards.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GOOD_PASSWORD, Visitor, errorMessage, uniqueUsername } from './support/http-client.js';
import type { RunningDemo } from './support/start-demo.js';
import { startDemo } from './support/start-demo.js';

let demo: RunningDemo;
beforeAll(async () => {
  demo = await startDemo();
});
afterAll(() => demo.close());

describe('pages', () => {
  it('serves the home page, the forms and the stylesheet to anonymous visitors', async () => {
    const visitor = new Visitor(demo.url);
    for (const path of ['/', '/login', '/register']) {
      const response = await visitor.get(path);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    }
    const login = await (await visitor.get('/login')).text();
    expect(login).toMatch(/name="username"/);
    expect(login).toMatch(/name="password"/);
    expect(login).toMatch(/name="_csrf" value="[\w-]{43}"/);
    const css = await visitor.get('/static/style.css');
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
  });

  it('sends anonymous visitors from /account to /login with 303', async () => {
    for (const path of ['/account', '/account/sessions']) {
      const response = await new Visitor(demo.url).get(path);
      expect(response.status).toBe(303);
      expect(response.headers.get('location')).toBe('/login');
    }
  });

  it('answers unknown paths with a 404 page', async () => {
    const response = await new Visitor(demo.url).get('/no/such/page');
    expect(response.status).toBe(404);
    expect(await response.text()).toContain('Page not found');
  });
});

describe('register and sign in', () => {
  it('registers, signs in with 303 to /account, and shows the account', async () => {
    const visitor = new Visitor(demo.url);
    const username = uniqueUsername();
    const registered = await visitor.register(username, GOOD_PASSWORD);
    expect(registered.status).toBe(303);
    expect(registered.headers.get('location')).toBe('/account');
    const account = await visitor.get('/account');
    expect(account.status).toBe(200);
    expect(await account.text()).toContain(`data-testid="account-username">${username}<`);

    const other = new Visitor(demo.url);
    const login = await other.login(username.toUpperCase(), GOOD_PASSWORD);
    expect(login.status).toBe(303);
    expect(login.headers.get('location')).toBe('/account');
    expect((await other.get('/account')).status).toBe(200);
  });

  it('issues a new session token at sign-in (fixation defence)', async () => {
    const visitor = new Visitor(demo.url);
    const username = uniqueUsername();
    await visitor.register(username, GOOD_PASSWORD);
    await visitor.post('/logout', { _csrf: await visitor.csrfFrom('/account') });
    // The sign-in form stores no session (issue 10): there is no pre-login token to plant.
    await visitor.csrfFrom('/login');
    expect(visitor.sessionCookie).toBeUndefined();
    // A session that exists before sign-in (here a signed-in one) is replaced by a new token.
    await visitor.login(username, GOOD_PASSWORD);
    const before = visitor.sessionCookie;
    expect(before).toBeDefined();
    await visitor.post('/login', {
      username,
      password: GOOD_PASSWORD,
      _csrf: await visitor.csrfFrom('/account'),
    });
    expect(visitor.sessionCookie).toBeDefined();
    expect(visitor.sessionCookie).not.toBe(before);
    const planted = new Visitor(demo.url);
    planted.cookies.set('__Host-sid', before as string);
    expect((await planted.get('/account')).status).toBe(303);
  });

  it('sets the session cookie HttpOnly, Secure, SameSite=Lax, Path=/ with the __Host- prefix', async () => {
    const visitor = new Visitor(demo.url);
    const response = await visitor.register(uniqueUsername(), GOOD_PASSWORD);
    const cookie = response.headers.getSetCookie().find((line) => line.startsWith('__Host-sid='));
    expect(cookie).toBeDefined();
    expect(cookie).toMatch(/; HttpOnly/i);
    expect(cookie).toMatch(/; Secure/i);
    expect(cookie).toMatch(/; SameSite=Lax/i);
    expect(cookie).toMatch(/; Path=\//i);
    expect(cookie).not.toMatch(/Domain=/i);
    expect(cookie).not.toMatch(/Max-Age/i);
  });

  it('"keep me signed in" gives the cookie a Max-Age up to the absolute lifetime', async () => {
    const visitor = new Visitor(demo.url);
    const username = uniqueUsername();
    await new Visitor(demo.url).register(username, GOOD_PASSWORD);
    const token = await visitor.csrfFrom('/login');
    const response = await visitor.post('/login', {
      username,
      password: GOOD_PASSWORD,
      remember: 'on',
      _csrf: token,
    });
    const cookie = response.headers.getSetCookie().find((line) => line.startsWith('__Host-sid='));
    const maxAge = Number(/Max-Age=(\d+)/i.exec(cookie ?? '')?.[1]);
    expect(maxAge).toBeGreaterThan(12 * 3600 - 60);
    expect(maxAge).toBeLessThanOrEqual(12 * 3600);
  });

  it('refuses a wrong password with 401 and the form again', async () => {
    const username = uniqueUsername();
    await new Visitor(demo.url).register(username, GOOD_PASSWORD);
    const visitor = new Visitor(demo.url);
    const response = await visitor.login(username, 'not the right password at all');
    expect(response.status).toBe(401);
    const html = await response.text();
    expect(errorMessage(html)).toBe('Wrong username or password.');
    expect(html).toContain(`value="${username}"`);
    expect((await visitor.get('/account')).status).toBe(303);
  });

  it('refuses an empty form with 400', async () => {
    const visitor = new Visitor(demo.url);
    const response = await visitor.submit('/login', '/login', { username: '', password: '' });
    expect(response.status).toBe(400);
  });
});

describe('registration rules', () => {
  it.each([
    ['a password shorter than 15 characters', 'short pass 1', /at least 15 characters/],
    ['a common password', 'qwertyuiopasdfghjkl', /too common/],
    ['a decorated common password', 'password2026!!!!!', /too common/],
    ['a repetitive password', 'aaaaaaaaaaaaaaaaaaaa', /too few characters/],
  ])('refuses %s with 400', async (_name, password, message) => {
    const response = await new Visitor(demo.url).register(uniqueUsername(), password);
    expect(response.status).toBe(400);
    expect(errorMessage(await response.text())).toMatch(message);
  });

  it('refuses a password built from the username', async () => {
    const username = uniqueUsername('harbor');
    const response = await new Visitor(demo.url).register(username, `${username} my password`);
    expect(response.status).toBe(400);
  });

  it('refuses a malformed username with 400 and a taken one with 409', async () => {
    expect((await new Visitor(demo.url).register('a b', GOOD_PASSWORD)).status).toBe(400);
    const username = uniqueUsername();
    expect((await new Visitor(demo.url).register(username, GOOD_PASSWORD)).status).toBe(303);
    const again = await new Visitor(demo.url).register(username.toUpperCase(), GOOD_PASSWORD);
    expect(again.status).toBe(409);
    expect(errorMessage(await again.text())).toMatch(/taken/);
  });

  it('escapes what the user typed when it shows it again', async () => {
    const response = await new Visitor(demo.url).register('<script>alert(1)</script>', GOOD_PASSWORD);
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&lt;script>alert(1)&lt;/script>');
  });
});

describe('sign out', () => {
  it('answers 303 to /, clears the cookie, and the old cookie no longer works', async () => {
    const visitor = new Visitor(demo.url);
    await visitor.register(uniqueUsername(), GOOD_PASSWORD);
    const stolen = visitor.sessionCookie as string;
    const response = await visitor.post('/logout', { _csrf: await visitor.csrfFrom('/account') });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/');
    expect(response.headers.get('clear-site-data')).toBe('"cache"');
    expect(response.headers.getSetCookie().join('\n')).toMatch(/__Host-sid=; Max-Age=0/);
    expect(visitor.sessionCookie).toBeUndefined();

    const replay = new Visitor(demo.url);
    replay.cookies.set('__Host-sid', stolen);
    expect((await replay.get('/account')).status).toBe(303);
    expect(await (await replay.get('/api/me')).json()).toEqual({ error: 'Not signed in' });
  });
});

describe('JSON API', () => {
  it('/api/me is 401 JSON when anonymous and { userId, username } when signed in', async () => {
    const visitor = new Visitor(demo.url);
    const anonymous = await visitor.get('/api/me');
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('content-type')).toMatch(/^application\/json/);
    const username = uniqueUsername();
    await visitor.register(username, GOOD_PASSWORD);
    const me = await visitor.get('/api/me');
    expect(me.status).toBe(200);
    const body = (await me.json()) as { userId: string; username: string };
    expect(body.username).toBe(username);
    expect(body.userId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('/api/csrf gives a token that scripts send back as x-csrf-token', async () => {
    const visitor = new Visitor(demo.url);
    await visitor.register(uniqueUsername(), GOOD_PASSWORD);
    const { token } = (await (await visitor.get('/api/csrf')).json()) as { token: string };
    expect(token).toMatch(/^[\w-]{43}$/);
    const response = await visitor.post('/logout', '', { 'x-csrf-token': token });
    expect(response.status).toBe(303);
    expect((await visitor.get('/api/me')).status).toBe(401);
  });
});
