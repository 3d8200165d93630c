import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Command } from './args.js';
import { parseCommand, parseHeader } from './args.js';
import { AuditAbort } from './errors.js';
import { DEFAULTS } from './options.js';

const dir = mkdtempSync(join(tmpdir(), 'sesame-session-audit-args-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function configFile(content: unknown): string {
  const path = join(dir, `${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(path, JSON.stringify(content));
  return path;
}

async function run(argv: string[], env: NodeJS.ProcessEnv = {}): Promise<Extract<Command, { kind: 'run' }>> {
  const command = await parseCommand(argv, env);
  if (command.kind !== 'run') throw new Error(`expected run, got ${command.kind}`);
  return command;
}

const BASE = ['http://localhost:3000', '--username', 'alice', '--password', 'pw'];

describe('parseCommand', () => {
  it('applies the defaults of issue 6', async () => {
    const { options, format } = await run(BASE);
    expect(options).toMatchObject({
      loginPath: '/login',
      protectedPath: '/account',
      logout: { path: '/logout', method: 'POST' },
      logoutOthers: null,
      csrfTarget: null,
      tokens: DEFAULTS.tokens,
      idleWaitMs: null,
      only: null,
    });
    expect(options.target.origin).toBe('http://localhost:3000');
    expect(format).toBe('table');
  });

  it('reads paths, fields, repeatable headers and output flags', async () => {
    const { options, format, quiet } = await run([
      ...BASE,
      '--login-path',
      '/signin',
      '--logout-path',
      '/signout',
      '--protected-path',
      '/me',
      '--csrf-field',
      'token',
      '-H',
      'X-Forwarded-Proto: https',
      '--header',
      'X-Test:  a: b ',
      '--session-cookie',
      'sid',
      '--json',
      '-q',
      '--only',
      'csrf,logout',
    ]);
    expect(options).toMatchObject({
      loginPath: '/signin',
      logout: { path: '/signout' },
      protectedPath: '/me',
      csrfField: 'token',
      headers: { 'X-Forwarded-Proto': 'https', 'X-Test': 'a: b' },
      sessionCookies: ['sid'],
      only: ['csrf', 'logout'],
    });
    expect(format).toBe('json');
    expect(quiet).toBe(true);
  });

  it('adds the idle wait on top of the time limit', async () => {
    const { options } = await run([...BASE, '--idle-wait', '90s', '--time-limit', '2m']);
    expect(options.idleWaitMs).toBe(90_000);
    expect(options.timeLimitMs).toBe(210_000);
  });

  it('takes the password from SESAME_AUDIT_PASSWORD', async () => {
    const { options } = await run(['http://localhost:3000', '--username', 'a'], {
      SESAME_AUDIT_PASSWORD: 'from-env',
    });
    expect(options.password).toBe('from-env');
  });

  it('merges --config under the flags', async () => {
    const path = configFile({
      target: 'http://127.0.0.1:4000',
      username: 'bob',
      password: 'pw',
      loginPath: '/auth',
      loginEncoding: 'json',
      extraFields: { remember: 'on' },
      logoutOthers: { path: '/sessions/end-others', formPage: '/sessions' },
      csrfTarget: { path: '/settings', method: 'post', fields: { theme: 'dark' } },
      headers: { 'X-A': '1' },
    });
    const { options } = await run(['--config', path, '--login-path', '/login2']);
    expect(options).toMatchObject({
      username: 'bob',
      loginPath: '/login2',
      loginEncoding: 'json',
      extraFields: { remember: 'on' },
      logoutOthers: { path: '/sessions/end-others', method: 'POST', formPage: '/sessions' },
      csrfTarget: { path: '/settings', method: 'POST', fields: { theme: 'dark' } },
      headers: { 'X-A': '1' },
    });
    expect(options.target.port).toBe('4000');
  });

  it('resolves every path, --config ones included, against a target URL with a path', async () => {
    const path = configFile({
      loginAction: 'api/session',
      logoutOthers: { path: 'sessions/end-others', formPage: '/sessions' },
      csrfTarget: { path: 'settings' },
    });
    const { options } = await run([
      'https://shop.example/app/',
      '--username',
      'a',
      '--password',
      'b',
      '--config',
      path,
      '--protected-path',
      'me',
    ]);
    expect(options).toMatchObject({
      loginPath: '/app/login',
      loginAction: '/app/api/session',
      protectedPath: '/app/me',
      logout: { path: '/app/logout' },
      logoutOthers: { path: '/app/sessions/end-others', formPage: '/sessions' },
      csrfTarget: { path: '/app/settings' },
    });
  });

  it.each([
    [['--username', 'a', '--password', 'b'], /target URL is missing/],
    [['http://x.test', '--password', 'b'], /--username is missing/],
    [['http://x.test', '--username', 'a'], /--password/],
    [[...BASE, '--json', '--sarif'], /one of --json and --sarif/],
    [[...BASE, '--idle-wait', 'soon'], /not a duration/],
    [[...BASE, '--tokens', '0'], /positive whole number/],
    [[...BASE, '--tokens', '99'], /--tokens: at least 100 tokens are needed to judge randomness, got 99/],
    [[...BASE, '--bogus'], /bogus/],
    [[...BASE, '-H', 'no colon'], /Name: value/],
    [[...BASE, '--logout-method', 'TRACE'], /--logout-method: expected GET, POST/],
    [[...BASE, '--origin', 'ftp://x'], /--origin: expected http/],
    [[...BASE, '--ca', '/nonexistent/ca.pem'], /--ca: cannot read/],
    [
      [...BASE, '--login-path', 'https://idp.example/login'],
      /--login-path: https:\/\/idp\.example is another origin/,
    ],
  ])('refuses %j', async (argv, message) => {
    await expect(parseCommand(argv, {})).rejects.toThrow(message);
  });

  it('refuses unknown or mistyped config keys', async () => {
    await expect(parseCommand(['--config', configFile({ loginpath: '/x' })], {})).rejects.toThrow(
      /unknown key "loginpath"/,
    );
    await expect(parseCommand(['--config', configFile({ tokens: 'many' })], {})).rejects.toThrow(AuditAbort);
    await expect(parseCommand([...BASE, '--config', configFile({ tokens: 20 })], {})).rejects.toThrow(
      /--tokens: at least 100/,
    );
    await expect(parseCommand(['--config', join(dir, 'missing.json')], {})).rejects.toThrow(/cannot read/);
  });

  // Issue 14: behind a TLS proxy the site compares Origin/Referer with https://<host>.
  it('derives the public origin from X-Forwarded-Proto/-Host, and --origin wins', async () => {
    expect((await run(BASE)).options.publicOrigin).toBe('http://localhost:3000');
    expect((await run([...BASE, '-H', 'X-Forwarded-Proto: https'])).options.publicOrigin).toBe(
      'https://localhost:3000',
    );
    const proxied = await run([
      ...BASE,
      '-H',
      'x-forwarded-proto: https',
      '-H',
      'X-Forwarded-Host: app.example',
    ]);
    expect(proxied.options.publicOrigin).toBe('https://app.example');
    const given = await run([
      ...BASE,
      '-H',
      'X-Forwarded-Proto: https',
      '--origin',
      'https://shop.example/x',
    ]);
    expect(given.options.publicOrigin).toBe('https://shop.example');
  });

  it('reads --logout-method, --ca and --html', async () => {
    const ca = join(dir, 'ca.pem');
    writeFileSync(ca, '-----BEGIN CERTIFICATE-----\nAA==\n-----END CERTIFICATE-----\n');
    const command = await run([...BASE, '--logout-method', 'get', '--ca', ca, '--html', 'out.html']);
    expect(command.options.logout).toEqual({ path: '/logout', method: 'GET' });
    expect(command.options.ca).toContain('BEGIN CERTIFICATE');
    expect(command.htmlPath).toBe('out.html');
  });

  it('answers --help and --version', async () => {
    expect((await parseCommand(['--help'], {})).kind).toBe('help');
    expect((await parseCommand(['--version'], {})).kind).toBe('version');
  });
});

describe('parseHeader', () => {
  it('splits at the first colon', () => {
    expect(parseHeader('Authorization: Basic a:b')).toEqual(['Authorization', 'Basic a:b']);
  });
});
