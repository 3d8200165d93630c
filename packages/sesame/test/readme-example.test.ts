/**
 * The README's Express example and docs/fastify.md's Fastify example run as written (issue 11):
 * each code block is copied into an empty directory, started with tsx against this workspace's
 * sesame-session, and signed in to over HTTP. Only the port changes (a free one instead of 3000).
 * Each shows the CSRF token in a form and an error handler that answers a refused CSRF check with
 * a short 403, not the framework's own page.
 */
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from './support/http.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

interface Example {
  /** The document, from the repository's root. */
  doc: string;
  /** The line the example's code block starts with. */
  first: string;
  /** The line that listens on port 3000, and what replaces it to listen on a free port. */
  listen: string;
  listenFree: string;
}

const EXAMPLES: readonly Example[] = [
  {
    doc: 'README.md',
    first: "import { STATUS_CODES } from 'node:http';\nimport express",
    listen: "app.listen(3000, () => console.log('http://localhost:3000'));",
    listenFree:
      'const server = app.listen(0, () => console.log(`port=${JSON.stringify(server.address())}`));',
  },
  {
    doc: 'docs/fastify.md',
    first: "import { STATUS_CODES } from 'node:http';\nimport Fastify",
    listen: "await app.listen({ port: 3000 });\nconsole.log('http://localhost:3000');",
    listenFree:
      "await app.listen({ port: 0, host: '127.0.0.1' });\nconsole.log(`port=${JSON.stringify(app.server.address())}`);",
  },
];

function exampleFrom({ doc, first, listen, listenFree }: Example): string {
  const text = readFileSync(join(ROOT, doc), 'utf8');
  const start = text.indexOf(`\`\`\`ts\n${first}`);
  expect(start, `${doc} has the example`).toBeGreaterThan(-1);
  const code = text.slice(start + '```ts\n'.length, text.indexOf('\n```', start));
  expect(code).toContain(listen);
  return code.replace(listen, listenFree);
}

function started(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
      const match = /port=(\{.*\})/.exec(output);
      if (match) resolve((JSON.parse(match[1] as string) as { port: number }).port);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => reject(new Error(`example exited with ${String(code)}:\n${output}`)));
  });
}

function csrfField(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  expect(match, 'the page has a _csrf field').not.toBeNull();
  return (match as RegExpExecArray)[1] as string;
}

describe.each(EXAMPLES)('the example in $doc', (example) => {
  let dir: string;
  let child: ChildProcess;
  let client: Client;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sesame-readme-'));
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
    writeFileSync(join(dir, 'server.ts'), exampleFrom(example));
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
    // The repository's tsconfig maps sesame-session to its sources, so no build is needed; the
    // example creates data/ itself through the SQLite store.
    child = spawn(process.execPath, ['--import', 'tsx', 'server.ts'], {
      cwd: dir,
      env: {
        ...process.env,
        NODE_ENV: 'development',
        SESSION_SECRET: '',
        TSX_TSCONFIG_PATH: join(ROOT, 'tsconfig.json'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    client = new Client(`http://127.0.0.1:${await started(child)}`);
  }, 30_000);

  afterAll(() => {
    child.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it('signs in through the form, refuses forged posts with a short 403, and signs out', async () => {
    const form = await client.request('GET', '/');
    expect(form.status).toBe(200);
    const csrf = csrfField(form.text);
    const noHeaders = { 'sec-fetch-site': '' };
    const credentials = { username: 'alice', password: 'correct horse battery staple' };

    const forged = await client.request('POST', '/login', { form: credentials, headers: noHeaders });
    expect([forged.status, forged.text]).toEqual([403, 'Forbidden']);
    const crossSite = await client.request('POST', '/login', {
      form: { ...credentials, _csrf: csrf },
      headers: { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' },
    });
    expect([crossSite.status, crossSite.text]).toEqual([403, 'Forbidden']);

    const wrong = await client.request('POST', '/login', {
      form: { ...credentials, password: 'x', _csrf: csrf },
      headers: noHeaders,
    });
    expect(wrong.status).toBe(401);
    const before = client.cookieHeader;
    const signIn = await client.request('POST', '/login', {
      form: { ...credentials, _csrf: csrf },
      headers: noHeaders,
    });
    expect(signIn.status).toBe(303);
    expect(client.cookieHeader).not.toBe(before); // a new token at sign-in

    const account = await client.request('GET', '/');
    expect(account.text).toContain('Signed in as alice');
    const signOut = await client.request('POST', '/logout', {
      form: { _csrf: csrfField(account.text) },
      headers: noHeaders,
    });
    expect(signOut.status).toBe(303);
    expect((await client.request('GET', '/')).text).not.toContain('Signed in');
  });
});
