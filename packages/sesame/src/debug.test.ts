/**
 * `NODE_DEBUG=sesame` (issue 11): each decision the engine makes is written to stderr with its
 * reason, and no token, secret, CSRF token, cookie value or session id ever is. Node reads
 * NODE_DEBUG once at startup, so the session runs in a child process (test/support/debug-script.ts).
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';

const SCRIPT = fileURLToPath(new URL('../test/support/debug-script.ts', import.meta.url));

interface Seen {
  secrets: string[];
  tokens: string[];
  csrfTokens: string[];
  cookies: string[];
  handles: string[];
}

async function runScript(nodeDebug: string | undefined): Promise<{ seen: Seen; stderr: string }> {
  const env = { ...process.env };
  delete env['NODE_DEBUG'];
  if (nodeDebug !== undefined) env['NODE_DEBUG'] = nodeDebug;
  const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', SCRIPT], {
    env,
    timeout: 30_000,
  });
  return { seen: JSON.parse(stdout) as Seen, stderr };
}

describe('NODE_DEBUG=sesame', () => {
  let seen: Seen;
  let lines: string[];
  beforeAll(async () => {
    const run = await runScript('sesame');
    seen = run.seen;
    lines = run.stderr.split('\n').filter((line) => /^SESAME \d+: /.test(line));
  }, 30_000);

  const has = (pattern: RegExp): void => {
    expect(
      lines.some((line) => pattern.test(line)),
      `no debug line matches ${String(pattern)}`,
    ).toBe(true);
  };

  it('says what was loaded, by handle', () => {
    has(/load GET: no session cookie/);
    const handle = seen.handles.at(-1) as string;
    has(new RegExp(`load GET: session ${handle.replace(/[-]/g, '\\-')} user="alice"`));
  });

  it('says why a cookie gave no session', () => {
    has(/load GET: cookie refused \(malformed\): not a token Sesame could have issued; no store call made/);
    has(/session \S{22} anonymous refused .* reason=unknown-id/);
    has(/session \S{22} anonymous refused .* reason=secret-mismatch/);
    // The store hides an expired record, so 31 idle minutes later the engine finds none.
    has(/store get \S{22} -> none \(never issued, ended or expired\)/);
    has(/load GET: cookie refused \(ended\): no session in the store for this token/);
  });

  it('says what was rotated, touched and written', () => {
    has(/session \S{22} user="alice" signed in/);
    has(/session \S{22} user="alice" rotated/);
    has(/session \S{22} user="alice" touched/);
    has(/store replace \S{22} with \S{22} user="alice" -> userSessions=1/);
    has(/store applyDelta \S{22} set=\["theme"\] unset=\[\] -> written/);
    has(/store applyDelta \S{22} set=\[\] unset=\["theme"\] -> written/);
    has(/store touch \S{22} -> written/);
    has(/session \S{22} user="alice" signed out/);
    has(/store deleteExpired -> \d+ deleted/);
  });

  it('gives each CSRF verdict and what it rests on', () => {
    has(/csrf GET: not checked \(safe method\)|csrf POST: allowed by a valid CSRF token/);
    has(/csrf POST: allowed by a valid CSRF token/);
    has(
      /csrf POST: refused ERR_CSRF_TOKEN: no Sec-Fetch-Site or Origin, and the anonymous token is missing, wrong/,
    );
    has(/csrf POST: allowed by headers \(Sec-Fetch-Site=same-origin Origin=http:\/\/localhost:3000\)/);
    has(
      /csrf POST: refused ERR_CSRF_ORIGIN: cross-site by its headers \(Sec-Fetch-Site=cross-site Origin=https:\/\/evil.example\)/,
    );
  });

  it('never prints a token, a secret, a CSRF token, a cookie or a session id', () => {
    const output = lines.join('\n');
    expect(seen.tokens.length).toBeGreaterThan(4);
    const ids = seen.tokens.map((token) => token.split('.')[0] as string);
    const secretHalves = seen.tokens.map((token) => token.split('.')[1] as string);
    for (const value of [
      ...seen.secrets,
      ...seen.tokens,
      ...ids,
      ...secretHalves,
      ...seen.csrfTokens,
      ...seen.cookies,
    ]) {
      expect(output).not.toContain(value);
    }
  });
});

describe('without NODE_DEBUG', () => {
  it('prints nothing', async () => {
    const { stderr } = await runScript(undefined);
    expect(stderr).toBe('');
  }, 30_000);
});
