/**
 * socket.io on the HTTP server of an Express app, sharing its session the way socket.io's own
 * guide shares express-session's: the same middleware instance in `app.use(…)` and
 * `io.engine.use(…)`, then `socket.request` in `io.on('connection')`. The client is
 * socket.io-client in Node, which sends the browser's `Cookie` (and whatever else a test says a
 * browser would send) as `extraHeaders` on the polling requests and on the WebSocket upgrade.
 */
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:http';
import type { IncomingMessage } from 'node:http';
import type { Express } from 'express';
import { Server } from 'socket.io';
import type { ServerOptions, Socket } from 'socket.io';
import { io as connect } from 'socket.io-client';
import type { Socket as ClientSocket } from 'socket.io-client';

export type Transport = 'polling' | 'websocket';

/** Every engine.io transport a client can start with, for `it.each`. */
export const TRANSPORTS: readonly Transport[] = ['polling', 'websocket'];

export interface SocketApp {
  url: string;
  io: Server;
  /** What engine.io refused: each `connection_error`'s message and the middleware's error, if any. */
  refusals: string[];
  /** Errors that reached `process`'s 'uncaughtException' / 'unhandledRejection' while serving. */
  crashes: string[];
  close(): Promise<void>;
}

/**
 * Serve `app` and socket.io on one server on 127.0.0.1. `setUp` mounts the engine middlewares;
 * each connection is answered with one `hello` event carrying `describe(socket.request)`.
 */
export async function serveWithSocketIo(
  app: Express,
  setUp: (io: Server) => void,
  describe: (request: IncomingMessage, socket: Socket) => unknown,
  options: Partial<ServerOptions> = {},
): Promise<SocketApp> {
  const server = createServer(app);
  const io = new Server(server, options);
  setUp(io);
  const refusals: string[] = [];
  io.engine.on('connection_error', (err: { message: string; context?: { name?: string } }) => {
    refusals.push(`${err.message}${err.context?.name ? ` (${err.context.name})` : ''}`);
  });
  io.on('connection', (socket) => {
    socket.emit('hello', describe(socket.request, socket));
  });
  const crashes: string[] = [];
  const crashed = (err: unknown): void => {
    crashes.push(err instanceof Error ? (err.stack ?? err.message) : String(err));
  };
  process.on('uncaughtException', crashed);
  process.on('unhandledRejection', crashed);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    io,
    refusals,
    crashes,
    close: async () => {
      process.off('uncaughtException', crashed);
      process.off('unhandledRejection', crashed);
      await io.close();
      server.closeAllConnections();
    },
  };
}

/** What a client saw: the server's `hello`, or the reason it could not connect. */
export type Handshake = { hello: unknown; transport: Transport } | { error: string };

export interface ConnectOptions {
  transport: Transport;
  /** The `Cookie` header (`null`: none). */
  cookie: string | null;
  /** Other headers a browser would send (`Origin`, `Sec-Fetch-Site`, …). */
  headers?: Record<string, string>;
  /** Start with polling and upgrade to WebSocket, as a browser does by default. */
  upgrade?: boolean;
}

/** A connected client and the server's `hello`. */
export interface Opened {
  socket: ClientSocket;
  hello: unknown;
  transport: Transport;
}

/** Connect and wait for the server's `hello` (after the upgrade, with `upgrade`), or the failure. */
export function open(url: string, options: ConnectOptions): Promise<Opened | { error: string }> {
  const extraHeaders: Record<string, string> = { ...options.headers };
  if (options.cookie !== null) extraHeaders['cookie'] = options.cookie;
  const socket = connect(url, {
    transports: options.upgrade === true ? ['polling', 'websocket'] : [options.transport],
    extraHeaders,
    reconnection: false,
    forceNew: true,
    timeout: 5_000,
  });
  return new Promise((resolve) => {
    const failed = (error: string): void => {
      socket.disconnect();
      resolve({ error });
    };
    socket.once('hello', (hello: unknown) => {
      const engine = socket.io.engine;
      if (options.upgrade !== true || engine.transport.name === 'websocket') {
        resolve({ socket, hello, transport: engine.transport.name as Transport });
        return;
      }
      // The upgrade request runs the engine middlewares once more.
      engine.once('upgrade', () => resolve({ socket, hello, transport: 'websocket' }));
      engine.once('upgradeError', (err: Error) => failed(`upgrade: ${err.message}`));
    });
    socket.once('connect_error', (err: Error) => failed(err.message));
  });
}

/** Connect, wait for the server's `hello` (or the failure) and disconnect. */
export async function handshake(url: string, options: ConnectOptions): Promise<Handshake> {
  const opened = await open(url, options);
  if ('error' in opened) return opened;
  opened.socket.disconnect();
  return { hello: opened.hello, transport: opened.transport };
}
