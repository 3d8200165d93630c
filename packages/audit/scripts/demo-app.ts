/**
 * Start the Sesame demo (apps/demo) as a child process on a free loopback port, with the memory
 * store and a temporary data directory, and register a fresh user through its own form. Used by
 * `npm run audit` and by the demo audit test.
 *
 * @module
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Agent, sameOriginHeaders } from '../src/http/agent.js';
import { RequestBudget } from '../src/http/budget.js';
import { HttpClient } from '../src/http/client.js';
import { findLoginForm, formValues, parseForms } from '../src/site/forms.js';

/** The repository root. */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** The demo's entry point. */
export const DEMO_SERVER = join(REPO_ROOT, 'apps/demo/src/server.ts');

const STARTUP_TIMEOUT_MS = 60_000;

/** A running demo with a registered user. */
export interface RunningDemo {
  url: string;
  username: string;
  password: string;
  /** Everything the demo printed (for diagnosing a failed start). */
  output(): string;
  stop(): Promise<void>;
}

/** Whether apps/demo exists in this checkout. */
export function demoExists(): boolean {
  return existsSync(DEMO_SERVER);
}

/**
 * Start the demo and register a user.
 *
 * @example
 * const demo = await startDemo({ SESSION_IDLE_TIMEOUT: '30m' });
 * try { … } finally { await demo.stop(); }
 */
export async function startDemo(env: Record<string, string> = {}): Promise<RunningDemo> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sesame-session-audit-demo-'));
  const child = spawn(process.execPath, ['--import', 'tsx', DEMO_SERVER], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'development',
      PORT: '0',
      DATA_DIR: dataDir,
      SESSION_STORE: 'memory',
      SESSION_SECRET: randomBytes(32).toString('base64url'),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  };
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the demo did not start in ${STARTUP_TIMEOUT_MS} ms`)),
      STARTUP_TIMEOUT_MS,
    );
    const onData = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
      const match = /on http:\/\/[^:\s]+:(\d+)/.exec(output);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the demo exited with code ${String(code)}:\n${output}`));
    });
  }).catch(async (error: unknown) => {
    await stop();
    throw error;
  });
  const url = `http://127.0.0.1:${port}`;
  const username = `audit${randomBytes(4).toString('hex')}`;
  const password = randomBytes(18).toString('base64url');
  try {
    await register(url, username, password);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, username, password, output: () => output, stop };
}

/** Register through the demo's own form, as a person would. */
async function register(url: string, username: string, password: string): Promise<void> {
  const target = new URL(url);
  const budget = new RequestBudget(10, Date.now() + 30_000);
  const client = new HttpClient({
    target,
    publicOrigin: target.origin,
    budget,
    headers: {},
    requestTimeoutMs: 15_000,
    maxBodyBytes: 1 << 20,
  });
  const agent = new Agent(client, true);
  const page = await agent.navigate('GET', '/register');
  const form = findLoginForm(parseForms(page.final.body, page.final.url));
  if (form === null) throw new Error(`no registration form at /register (status ${page.final.status})`);
  const answer = await agent.send('POST', form.action, {
    form: { ...formValues(form), username, password },
    headers: sameOriginHeaders(target.origin),
  });
  if (answer.status !== 303) {
    throw new Error(`registration answered ${answer.status}: ${answer.body.slice(0, 300)}`);
  }
  await client.close();
}
