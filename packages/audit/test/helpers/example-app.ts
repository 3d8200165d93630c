/**
 * Start one of the repository's examples (`examples/<name>`) the way its README says — `npm
 * start` inside its folder, `PORT=0` — and stop it again. The example prints the URL it serves.
 *
 * @module
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../scripts/demo-app.js';

const STARTUP_TIMEOUT_MS = 90_000;

/** A running example. */
export interface RunningExample {
  url: string;
  output(): string;
  stop(): Promise<void>;
}

/** The folder of example `name`, or null when this checkout has none. */
export function exampleDir(name: string): string | null {
  const dir = join(REPO_ROOT, 'examples', name);
  return existsSync(join(dir, 'package.json')) ? dir : null;
}

/** `npm start` in `dir` with `PORT=0`; resolves once it prints `http://localhost:<port>`. */
export async function startExample(dir: string, env: Record<string, string> = {}): Promise<RunningExample> {
  // Its own process group, so stopping it ends npm and the server npm started.
  const child = spawn('npm', ['start'], {
    cwd: dir,
    detached: true,
    env: { ...process.env, PORT: '0', SESSION_SECRET: randomBytes(32).toString('base64url'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const signal = (name: NodeJS.Signals): void => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, name);
    } catch {
      // already gone
    }
  };
  const stop = async (): Promise<void> => {
    signal('SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
    signal('SIGKILL');
  };
  try {
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`not started in ${STARTUP_TIMEOUT_MS} ms`)),
        STARTUP_TIMEOUT_MS,
      );
      const onData = (chunk: Buffer): void => {
        output += chunk.toString('utf8');
        const match = /http:\/\/(?:localhost|127\.0\.0\.1|\[::1\]|0\.0\.0\.0):(\d+)/.exec(output);
        if (match?.[1] !== undefined && match[1] !== '0') {
          clearTimeout(timer);
          resolve(Number(match[1]));
        }
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`exited with code ${String(code)}`));
      });
    });
    return { url: `http://localhost:${port}`, output: () => output, stop };
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n--- output ---\n${output}`, { cause: error });
  }
}
