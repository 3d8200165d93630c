/**
 * Start the demo in-process on an ephemeral port with a temporary data directory, as the
 * server would, and tear it all down again.
 *
 * @module
 */
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from 'sesame-session';
import type { AppOptions } from '../../src/app.js';
import { createApp } from '../../src/app.js';
import type { AppConfig } from '../../src/config.js';
import { loadConfig } from '../../src/config.js';

export const TEST_SECRET = 'test-secret-0123456789-abcdefghijklmnopqrstuvwxyz';

/** A logger that keeps what it was told, so tests stay quiet and can assert on warnings. */
export interface RecordingLogger extends Logger {
  lines: string[];
}

export function recordingLogger(): RecordingLogger {
  const lines: string[] = [];
  return {
    lines,
    warn: (message) => void lines.push(`warn: ${message}`),
    error: (message) => void lines.push(`error: ${message}`),
  };
}

export interface RunningDemo {
  url: string;
  port: number;
  config: AppConfig;
  dataDir: string;
  logger: RecordingLogger;
  /** Stop listening and close the stores; `keepData` leaves the directory for a restart. */
  close(options?: { keepData?: boolean }): Promise<void>;
}

export interface StartOptions extends AppOptions {
  env?: Record<string, string>;
  /** Reuse a data directory (restart tests). */
  dataDir?: string;
  host?: string;
  /** Serve https with this certificate and key instead of http. */
  tls?: { cert: string; key: string };
  /** Sees every request the server receives, before the app answers it. */
  onRequest?: (req: IncomingMessage, res: ServerResponse) => void;
}

/**
 * @example
 * const demo = await startDemo({ env: { SESSION_STORE: 'memory' } });
 * await fetch(`${demo.url}/`);
 */
export async function startDemo(options: StartOptions = {}): Promise<RunningDemo> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'sesame-demo-'));
  const config = loadConfig({
    SESSION_SECRET: TEST_SECRET,
    SESSION_STORE: 'sqlite',
    ...options.env,
    DATA_DIR: dataDir,
  });
  const logger = recordingLogger();
  const demo = await createApp(config, { logger, ...options }).catch((error: unknown) => {
    if (options.dataDir === undefined) rmSync(dataDir, { recursive: true, force: true });
    throw error;
  });
  const host = options.host ?? '127.0.0.1';
  const server = options.tls
    ? createHttpsServer(options.tls, demo.app).listen(0, host)
    : demo.app.listen(0, host);
  if (options.onRequest) server.prependListener('request', options.onRequest);
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `${options.tls ? 'https' : 'http'}://${host}:${port}`,
    port,
    config,
    dataDir,
    logger,
    async close({ keepData = false } = {}) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await demo.close();
      if (!keepData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
