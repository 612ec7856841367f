import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A TCP proxy to the test broker that, when armed, flips one byte of the first broker→client chunk that
 * contains `marker`: the frame's CRC-32C no longer matches, as after corruption on the wire.
 */
export class CorruptingProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  connections = 0;
  corrupted = 0;
  armed: Buffer | undefined;

  constructor(private readonly target = { host: '127.0.0.1', port: 6650 }) {}

  async start(): Promise<string> {
    this.server = createServer((client) => {
      this.connections++;
      const broker = connect(this.target);
      this.sockets.add(client).add(broker);
      client.on('data', (chunk) => broker.write(chunk));
      broker.on('data', (chunk: Buffer) => {
        const at = this.armed ? chunk.indexOf(this.armed) : -1;
        if (at >= 0) {
          chunk.writeUInt8(chunk.readUInt8(at) ^ 0x01, at);
          this.armed = undefined;
          this.corrupted++;
        }
        client.write(chunk);
      });
      const end = () => {
        client.destroy();
        broker.destroy();
      };
      client.on('close', end).on('error', end);
      broker.on('close', end).on('error', end);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `pulsar://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
