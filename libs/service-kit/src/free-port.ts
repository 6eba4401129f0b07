import { createServer, type AddressInfo } from 'node:net';

/**
 * A port that was free a moment ago, for child processes that must be told their port up front.
 * Checked on every interface, as the services bind it.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '0.0.0.0', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
