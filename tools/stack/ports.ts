import { createServer } from 'node:net';

/**
 * Why `port` cannot be listened on (on every interface, as the services bind it), or null when
 * it is free. Binding 0.0.0.0 also collides with a listener on 127.0.0.1 or on [::].
 */
export function portProblem(port: number): Promise<string | null> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') resolve(`port ${port} is already in use`);
      else if (error.code === 'EACCES') resolve(`port ${port} needs privileges this user does not have`);
      else resolve(`port ${port} cannot be listened on: ${error.message}`);
    });
    server.listen(port, '0.0.0.0', () => server.close(() => resolve(null)));
  });
}
