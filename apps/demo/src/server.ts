/**
 * `npm start`: read `.env` if present, validate the configuration, and listen. Startup problems
 * end the process with a message that says what to change, never a stack trace.
 *
 * @module
 */
import { existsSync } from 'node:fs';
import { isSesameError } from 'sesame-session';
import { createApp } from './app.js';
import type { AppConfig } from './config.js';
import { ConfigError, loadConfig } from './config.js';

if (existsSync('.env')) process.loadEnvFile('.env');

let config: AppConfig;
try {
  config = loadConfig(process.env);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`Cannot start: ${error.message}`);
  process.exit(1);
}

const demo = await createApp(config).catch((error: unknown) => {
  // Sesame refuses insecure production setups (memory store, missing secret) with a message
  // that says what to change; that message is the whole story.
  const startup =
    error instanceof ConfigError || (isSesameError(error) && error.code.startsWith('ERR_CONFIG'));
  if (!startup) throw error;
  console.error(`Cannot start: ${(error as Error).message}`);
  process.exit(1);
});
/** Express 5 hands a listen error (port in use, no permission) to this callback, not to 'error'. */
const listening = (error?: NodeJS.ErrnoException): void => {
  if (error) {
    console.error(`Cannot start: ${listenProblem(error)}`);
    process.exit(1);
  }
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  const host = config.host ?? 'localhost';
  const shown = host.includes(':') ? `[${host}]` : host;
  console.log(
    `Sesame demo on http://${shown}:${port} (sessions: ${config.sessionStore}, data: ${config.dataDir})`,
  );
};

/** One line a person can act on. */
function listenProblem(error: NodeJS.ErrnoException): string {
  const where = `port ${config.port}${config.host === undefined ? '' : ` on ${config.host}`}`;
  switch (error.code) {
    case 'EADDRINUSE':
      return `${where} is already in use. Stop whatever uses it, or set PORT to another port.`;
    case 'EACCES':
      return `no permission to listen on ${where}. Choose a PORT above 1023.`;
    case 'EADDRNOTAVAIL':
      return `${where}: HOST is not an address of this machine.`;
    default:
      return `cannot listen on ${where} (${error.code ?? error.message}).`;
  }
}

const server =
  config.host === undefined
    ? demo.app.listen(config.port, listening)
    : demo.app.listen(config.port, config.host, listening);

function shutdown(signal: string): void {
  console.log(`${signal}: shutting down`);
  server.close(() => {
    demo.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
  server.closeAllConnections();
}
process.once('SIGINT', () => shutdown('SIGINT'));
process.once('SIGTERM', () => shutdown('SIGTERM'));
