import { connect, type AddressInfo } from 'node:net';
import { createServer, type Server, type TlsOptions, type TLSSocket } from 'node:tls';

/** What the front saw of one client that completed the handshake. */
export interface TlsPeer {
  /** The SNI name the client sent (false when none). */
  readonly servername: string | false;
  /** CN of the client certificate, when one was presented and verified. */
  readonly clientCn?: string;
}

/**
 * A TLS terminator on a loopback port in front of a plaintext broker (a FakeBroker): what a `pulsar+ssl://` client
 * meets, with the server side's TLS settings under the test's control (certificate, client-certificate demands).
 */
export class TlsFront {
  private server: Server | undefined;
  private readonly sockets = new Set<TLSSocket>();
  readonly peers: TlsPeer[] = [];
  url = '';

  constructor(private readonly backend: { host: string; port: number }, private readonly tls: TlsOptions) {}

  async start(): Promise<string> {
    this.server = createServer(this.tls, (socket) => {
      this.sockets.add(socket);
      const cn = socket.authorized ? socket.getPeerCertificate().subject?.CN : undefined;
      this.peers.push({ servername: socket.servername ?? false, ...(typeof cn === 'string' ? { clientCn: cn } : {}) });
      const plain = connect(this.backend);
      socket.pipe(plain).pipe(socket);
      const end = () => {
        socket.destroy();
        plain.destroy();
      };
      socket.on('error', end).on('close', end);
      plain.on('error', end).on('close', end);
    });
    this.server.on('tlsClientError', () => undefined);
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `pulsar+ssl://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
