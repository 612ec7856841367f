import { connect, createServer, type Server, type Socket } from 'node:net';
import type { ISocketFactory } from 'kafkajs';

/** Kafka's Produce API key (the first field of a request header). */
const PRODUCE = 0;

/** Splits a byte stream into Kafka frames (a 4-byte size, then that many bytes). */
const frames = (onFrame: (frame: Buffer) => void) => {
  let pending = Buffer.alloc(0);
  return (chunk: Buffer) => {
    pending = Buffer.concat([pending, chunk]);
    while (pending.length >= 4 && pending.length >= 4 + pending.readInt32BE(0)) {
      const size = 4 + pending.readInt32BE(0);
      onFrame(pending.subarray(0, size));
      pending = pending.subarray(size);
    }
  };
};

/**
 * A TCP proxy in front of one broker, for kafkajs's `socketFactory`: every connection to any broker address
 * goes through it. `crashAfterNextProduce()` lets the next produce request reach the broker, which appends
 * it, and loses its answer: every connection is cut at that answer, as when the broker goes down between
 * its append and its reply. Until `restore()`, new connections are refused (`{ refuse: true }`) or let
 * through at once.
 */
export class FaultProxy {
  private readonly sockets = new Set<Socket>();
  private crash: { refuse: boolean } | undefined;
  private refusing = false;

  private constructor(private readonly server: Server, private readonly port: number) {}

  static async start(broker: string): Promise<FaultProxy> {
    const [host, port] = broker.split(':') as [string, string];
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const proxy = new FaultProxy(server, (server.address() as { port: number }).port);
    server.on('connection', (client) => proxy.relay(client, host, Number(port)));
    return proxy;
  }

  readonly socketFactory: ISocketFactory = ({ onConnect }) => connect({ host: '127.0.0.1', port: this.port }, onConnect);

  crashAfterNextProduce(options: { refuse: boolean }): void {
    this.crash = options;
  }

  restore(): void {
    this.refusing = false;
  }

  async close(): Promise<void> {
    this.cutAll();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private relay(client: Socket, host: string, port: number): void {
    if (this.refusing) {
      client.destroy();
      return;
    }
    const upstream = connect({ host, port });
    this.sockets.add(client).add(upstream);
    /** Correlation id of the produce request whose answer is to be lost, on this connection. */
    let doomed: number | undefined;
    client.on('data', frames((frame) => {
      if (this.crash && doomed === undefined && frame.readInt16BE(4) === PRODUCE) doomed = frame.readInt32BE(8);
      upstream.write(frame);
    }));
    upstream.on('data', frames((frame) => {
      if (doomed !== undefined && frame.readInt32BE(4) === doomed) {
        this.refusing = this.crash!.refuse;
        this.crash = undefined;
        this.cutAll();
        return;
      }
      if (!client.destroyed) client.write(frame);
    }));
    for (const [socket, other] of [[client, upstream], [upstream, client]] as const) {
      socket.on('error', () => other.destroy());
      socket.on('close', () => {
        this.sockets.delete(socket);
        other.destroy();
      });
    }
  }

  private cutAll(): void {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }
}
