import net from 'node:net';

/** Whether a TCP connection to `host:port` opens within `timeoutMs`; the socket is closed at once. */
export const isReachable = (host: string, port: number, timeoutMs = 1_500): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });

/** `host` and `port` of a `scheme://host:port/...` URL or a bare `host:port`. */
export const hostAndPort = (address: string, defaultPort: number): { host: string; port: number } => {
  const url = new URL(address.includes('://') ? address : `tcp://${address}`);
  return { host: url.hostname || '127.0.0.1', port: url.port ? Number(url.port) : defaultPort };
};
