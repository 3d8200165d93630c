/**
 * A bench server process: builds one variant, listens on 127.0.0.1 (port chosen by the OS), and
 * answers the runner's commands over IPC. Started by the runner as
 * `taskset -c 1 node --import tsx server/main.ts`.
 *
 * @module
 */
import type { AddressInfo } from 'node:net';
import { NotAvailable } from './opened-store.js';
import { CONFIG_ENV, type Command, type Ready, type Reply, type ServerConfig } from './protocol.js';
import { buildVariant, type BuiltVariant } from './build-variant.js';
import { cpuProfiler } from './cpu-profiler.js';

const profiler = cpuProfiler();

function send(message: Ready | Reply, then?: () => void): void {
  process.send?.(message, undefined, undefined, then);
}

async function answer(built: BuiltVariant, command: Command, stop: () => Promise<void>): Promise<unknown> {
  switch (command.cmd) {
    case 'fill':
      await built.fill(command.count);
      return null;
    case 'counts':
      return built.counts();
    case 'size':
      return built.size();
    case 'profile-start':
      return profiler.start();
    case 'profile-stop':
      return profiler.stop(command.file);
    case 'exit':
      await stop();
      return null;
  }
}

async function main(): Promise<void> {
  if (process.send === undefined)
    throw new Error('server/main.ts runs under the bench runner (needs an IPC channel)');
  const config = JSON.parse(process.env[CONFIG_ENV] ?? 'null') as ServerConfig | null;
  if (config === null) throw new Error(`${CONFIG_ENV} is not set`);
  let built: BuiltVariant;
  try {
    built = await buildVariant(config.variant, config);
  } catch (error) {
    send({
      type: 'failed',
      error: error instanceof NotAvailable ? `not available: ${error.message}` : String(error),
    });
    process.exit(error instanceof NotAvailable ? 0 : 1);
  }
  const server = built.app.listen(0, '127.0.0.1', () => {
    send({ type: 'ready', port: (server.address() as AddressInfo).port });
  });
  server.keepAliveTimeout = 60_000;
  const stop = async (): Promise<void> => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await built.close();
  };
  process.on('message', (raw) => {
    const command = raw as Command;
    answer(built, command, stop).then(
      (value) => {
        // After `exit`, exit once the reply is out.
        send({ id: command.id, ok: true, value }, command.cmd === 'exit' ? () => process.exit(0) : undefined);
      },
      (error: unknown) => send({ id: command.id, ok: false, error: String(error) }),
    );
  });
  // The runner going away (crash, Ctrl-C) must not leave a server behind.
  process.on('disconnect', () => process.exit(0));
}

main().catch((error: unknown) => {
  console.error('bench server failed to start:', error);
  send({ type: 'failed', error: String(error) });
  process.exit(1);
});
