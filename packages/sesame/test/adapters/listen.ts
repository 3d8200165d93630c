/**
 * Start a `node:http` server on a free loopback port and close it (connections included).
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AdapterServer } from '../../src/testing/index.js';

export async function listen(server: Server): Promise<AdapterServer> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
