import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { type BaseCommand, CommandType, encodeSimpleFrame, type Frame, FrameDecoder } from '../../src/client';

/** How the fake answers one frame: commands to send back (none to stay silent), or whole frames already
 *  encoded (payload frames, and bytes no honest broker would send). */
export type FakeBehaviour = (frame: Frame, url: string) => (BaseCommand | Buffer)[];

/** Answers CONNECT with CONNECTED at `protocolVersion`; everything else goes to `then`. */
export const handshake = (then: FakeBehaviour = () => [], protocolVersion = 19): FakeBehaviour => (frame, url) =>
  frame.command.type === CommandType.CONNECT
    ? [{ type: CommandType.CONNECTED, connected: { serverVersion: 'fake', protocolVersion, maxMessageSize: 5 * 1024 * 1024 } }]
    : then(frame, url);

/** A scripted Pulsar broker on a loopback port, for protocol paths the real standalone cannot show. */
export class FakeBroker {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  readonly received: Frame[] = [];
  url = '';

  constructor(private readonly behaviour: FakeBehaviour) {}

  async start(): Promise<string> {
    this.server = createServer((socket) => {
      this.sockets.add(socket);
      const decoder = new FrameDecoder();
      socket.on('data', (chunk: Buffer) => {
        for (const frame of decoder.push(chunk)) {
          this.received.push(frame);
          for (const reply of this.behaviour(frame, this.url)) socket.write(Buffer.isBuffer(reply) ? reply : encodeSimpleFrame(reply));
        }
      });
      socket.on('error', () => undefined);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `pulsar://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
