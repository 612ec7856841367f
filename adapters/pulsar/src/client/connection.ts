/**
 * One TCP connection to a broker (over TLS for `pulsar+ssl://`): the CONNECT handshake, request-id correlation with timeouts, routing of
 * producer and consumer frames by id, and keep-alive. A socket error, a corrupt frame or a silent peer closes
 * it; the producers and consumers on it are told and reconnect on their own.
 */
import { connect as tcpConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { type Logger, TimeoutError, TransportError } from '@cadenza/core';
import { brokerMessageSizeError } from './broker-limits';
import { authResponseCommand, connectCommand, MIN_PROTOCOL_VERSION } from './commands/connect';
import { errorOf, responseRequestId } from './commands/error';
import { pingCommand, pongCommand } from './commands/ping';
import type { Frame } from './framing/frame';
import { FrameDecoder } from './framing/frame-decoder';
import { FrameError } from './framing/frame-error';
import { encodePayloadFrame, encodeSimpleFrame } from './framing/frame-encoder';
import { DEFAULT_MAX_MESSAGE_BYTES } from './framing/frame';
import { type BaseCommand, CommandType, toNumber } from './proto/pulsar-api.types';
import type { BrokerAddress } from './service-url';
import { type LoadedTls, loadTls, servernameFor, tlsFailureOf } from './tls-options';

export interface ConnectionOptions {
  /** Bound on TCP connect plus the CONNECT handshake, in ms. */
  readonly connectTimeoutMs: number;
  /** Bound on each request (lookup, producer, subscribe, close), in ms. */
  readonly operationTimeoutMs: number;
  /** Ping interval; two silent intervals close the connection. In ms. */
  readonly keepAliveIntervalMs: number;
  readonly clientVersion: string;
  /** Token for Pulsar's token authentication, sent in CONNECT and again on AUTH_CHALLENGE; a function is
   *  called each time, so a renewed token can be handed over. */
  readonly token?: string | (() => string);
  readonly maxFrameBytes?: number;
  /** The largest payload the caller will send, in bytes: a broker whose `max_message_size` (less
   *  `FRAME_HEADROOM_BYTES`) is below it fails the handshake with a ConfigError naming `transport.maxMessageBytes`.
   *  @default not checked */
  readonly maxMessageBytes?: number;
  /** CA, client certificate and checks for `pulsar+ssl://` addresses (see `loadTls`); without it such an address
   *  is verified against Node's root CAs. */
  readonly tls?: LoadedTls;
  /** Where connection losses are reported (warn). */
  readonly logger?: Logger;
}

/** What a producer registers to hear about its sends. */
export interface ProducerListener {
  onFrame(frame: Frame): void;
  /** The broker closed the producer (topic unloaded); reconnect it. */
  onClosedByBroker(): void;
}

/** What a consumer registers to receive messages. */
export interface ConsumerListener {
  onFrame(frame: Frame): void;
  onClosedByBroker(): void;
}

interface Pending {
  readonly what: string;
  readonly resolve: (command: BaseCommand) => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
}

/** A plain TCP socket, or a TLS one for `pulsar+ssl://`; `ready` is the event after which CONNECT may be sent. */
const socketTo = (address: BrokerAddress, o: ConnectionOptions): { socket: Socket; ready: 'connect' | 'secureConnect' } => {
  if (!address.tls) return { socket: tcpConnect({ host: address.host, port: address.port, noDelay: true }), ready: 'connect' };
  const tls = o.tls ?? loadTls();
  const servername = servernameFor(tls, address.host);
  const socket = tlsConnect({
    host: address.host, port: address.port, secureContext: tls.secureContext, rejectUnauthorized: tls.rejectUnauthorized,
    ...(servername === undefined ? {} : { servername }),
  });
  socket.setNoDelay(true);
  return { socket, ready: 'secureConnect' };
};

const tokenOf = (o: ConnectionOptions): string | undefined => (typeof o.token === 'function' ? o.token() : o.token);

export class Connection {
  private readonly pending = new Map<number, Pending>();
  private readonly producers = new Map<number, ProducerListener>();
  private readonly consumers = new Map<number, ConsumerListener>();
  private readonly closeListeners = new Set<(error: Error) => void>();
  private keepAlive: NodeJS.Timeout | undefined;
  private lastHeard = Date.now();
  private nextRequestId = 1;
  private closedWith: Error | undefined;
  private closing = false;
  /** The broker's answer to CONNECT. */
  serverVersion = '';
  protocolVersion = 0;
  maxMessageSize = DEFAULT_MAX_MESSAGE_BYTES;

  private constructor(readonly address: BrokerAddress, private readonly socket: Socket, private readonly o: ConnectionOptions) {}

  /** Pings every interval once the handshake is done; silence for two intervals closes the connection. */
  private startKeepAlive(): void {
    this.lastHeard = Date.now();
    this.keepAlive = setInterval(() => this.checkAlive(), this.o.keepAliveIntervalMs);
    this.keepAlive.unref();
  }

  /** Opens a TCP (or TLS) connection and completes the handshake within `connectTimeoutMs`. */
  static open(address: BrokerAddress, o: ConnectionOptions): Promise<Connection> {
    return new Promise<Connection>((resolve, reject) => {
      const { socket, ready: socketReady } = socketTo(address, o);
      const conn = new Connection(address, socket, o);
      const decoder = new FrameDecoder(o.maxFrameBytes);
      let ready = false;
      const fail = (error: Error) => {
        clearTimeout(timer);
        conn.closeWith(error);
        if (!ready) reject(error);
      };
      const timer = setTimeout(
        () => fail(new TransportError(`Pulsar broker at ${address.url} did not complete CONNECT within ${o.connectTimeoutMs} ms`, true)),
        o.connectTimeoutMs,
      );
      socket.on(socketReady, () => socket.write(encodeSimpleFrame(connectCommand(o.clientVersion, tokenOf(o)))));
      socket.on('error', (error) => fail(
        (address.tls ? tlsFailureOf(error, address.url) : undefined)
          ?? new TransportError(`Pulsar broker at ${address.url} unreachable: ${error.message}`, true, { cause: error }),
      ));
      socket.on('close', () => fail(new TransportError(
        // A TLS port closes on the plaintext CONNECT without a word: the likeliest reason for a close this early.
        `connection to Pulsar broker at ${address.url} closed${ready ? '' : ` before it answered CONNECT${address.tls ? '' : ' (if that port speaks TLS, use pulsar+ssl://)'}`}`, true,
      )));
      socket.on('data', (chunk: Buffer) => {
        conn.lastHeard = Date.now();
        let frames: Frame[];
        try {
          frames = decoder.push(chunk);
        } catch (error) {
          fail(error as Error);
          return;
        }
        for (const frame of frames) {
          if (ready) {
            try {
              conn.dispatch(frame);
            } catch (error) {
              // Entries that cannot be taken apart are handed over marked, so a throw here is a frame no listener can
              // handle at all: treated as corrupt, so that nothing of it is acknowledged and the broker sends it again.
              fail(error instanceof FrameError ? error : new TransportError(`handling a ${CommandType[frame.command.type]} frame failed: ${(error as Error).message}`, true, { cause: error }));
              return;
            }
            continue;
          }
          const { command } = frame;
          if (command.type === CommandType.CONNECTED && command.connected) {
            const version = command.connected.protocolVersion ?? 0;
            if (version < MIN_PROTOCOL_VERSION) {
              fail(new TransportError(`Pulsar broker at ${address.url} speaks protocol ${version}; this client needs ${MIN_PROTOCOL_VERSION}+`, false));
              return;
            }
            if (command.connected.maxMessageSize) conn.maxMessageSize = command.connected.maxMessageSize;
            const tooLarge = o.maxMessageBytes === undefined ? undefined : brokerMessageSizeError(o.maxMessageBytes, conn.maxMessageSize, address.url);
            if (tooLarge) {
              fail(tooLarge);
              return;
            }
            ready = true;
            clearTimeout(timer);
            conn.startKeepAlive();
            conn.serverVersion = command.connected.serverVersion;
            conn.protocolVersion = version;
            resolve(conn);
          } else if (command.type === CommandType.ERROR) {
            fail(errorOf(command, 'CONNECT'));
            return;
          }
        }
      });
    });
  }

  get closed(): boolean {
    return this.closedWith !== undefined;
  }

  /** Sends a request built with a fresh request id; resolves with the answer, rejects on ERROR or timeout. */
  request(build: (requestId: number) => BaseCommand, what: string): Promise<BaseCommand> {
    if (this.closedWith) return Promise.reject(this.closedWith);
    const requestId = this.nextRequestId++;
    return new Promise<BaseCommand>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(requestId);
        reject(new TimeoutError(`${what} on ${this.address.url}`, this.o.operationTimeoutMs));
      }, this.o.operationTimeoutMs);
      this.pending.set(requestId, { what, resolve, reject, timer });
      this.write(encodeSimpleFrame(build(requestId)));
    });
  }

  /** Sends a command that has no answer (FLOW, ACK, REDELIVER...). Dropped silently once closed. */
  send(command: BaseCommand): void {
    this.write(encodeSimpleFrame(command));
  }

  sendPayload(command: BaseCommand, metadata: Uint8Array, payload: Uint8Array): void {
    this.write(encodePayloadFrame(command, metadata, payload));
  }

  /** Writes pre-encoded frame bytes; returns false when closed. */
  write(frame: Buffer): boolean {
    if (this.closedWith) return false;
    this.socket.write(frame);
    return true;
  }

  addProducer(id: number, listener: ProducerListener): void {
    this.producers.set(id, listener);
  }
  removeProducer(id: number): void {
    this.producers.delete(id);
  }
  addConsumer(id: number, listener: ConsumerListener): void {
    this.consumers.set(id, listener);
  }
  removeConsumer(id: number): void {
    this.consumers.delete(id);
  }

  /** Calls `listener` once when the connection closes, for whatever reason. Returns an unsubscribe. */
  onClose(listener: (error: Error) => void): () => void {
    if (this.closedWith) {
      const error = this.closedWith;
      queueMicrotask(() => listener(error));
      return () => undefined;
    }
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  /** Closes the socket; pending requests fail with `error`, producers and consumers hear about it. */
  closeWith(error: Error): void {
    if (this.closedWith) return;
    this.closedWith = error;
    if (!this.closing && this.serverVersion) this.o.logger?.warn({ broker: this.address.url, error: error.message }, 'Pulsar connection lost');
    clearInterval(this.keepAlive);
    this.socket.destroy();
    for (const [, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(error);
    }
    this.pending.clear();
    for (const listener of this.closeListeners) listener(error);
    this.closeListeners.clear();
  }

  close(): void {
    this.closing = true;
    this.closeWith(new TransportError(`connection to ${this.address.url} closed by the client`, false));
  }

  private checkAlive(): void {
    if (Date.now() - this.lastHeard > 2 * this.o.keepAliveIntervalMs) {
      this.closeWith(new TransportError(`Pulsar broker at ${this.address.url} silent for ${2 * this.o.keepAliveIntervalMs} ms`, true));
    } else {
      this.send(pingCommand());
    }
  }

  private dispatch(frame: Frame): void {
    const { command } = frame;
    switch (command.type) {
      case CommandType.PING:
        this.send(pongCommand());
        return;
      case CommandType.PONG:
        return;
      case CommandType.AUTH_CHALLENGE: {
        const token = tokenOf(this.o);
        if (token !== undefined) this.send(authResponseCommand(this.o.clientVersion, token));
        return;
      }
      case CommandType.MESSAGE:
        this.consumers.get(toNumber(command.message?.consumerId))?.onFrame(frame);
        return;
      case CommandType.SEND_RECEIPT:
        this.producers.get(toNumber(command.sendReceipt?.producerId))?.onFrame(frame);
        return;
      case CommandType.SEND_ERROR:
        this.producers.get(toNumber(command.sendError?.producerId))?.onFrame(frame);
        return;
      case CommandType.CLOSE_PRODUCER: {
        const id = toNumber(command.closeProducer?.producerId);
        const producer = this.producers.get(id);
        this.producers.delete(id);
        producer?.onClosedByBroker();
        return;
      }
      case CommandType.CLOSE_CONSUMER: {
        const id = toNumber(command.closeConsumer?.consumerId);
        const consumer = this.consumers.get(id);
        this.consumers.delete(id);
        consumer?.onClosedByBroker();
        return;
      }
      case CommandType.REACHED_END_OF_TOPIC:
      case CommandType.ACTIVE_CONSUMER_CHANGE:
        this.consumers.get(toNumber((command.reachedEndOfTopic ?? command.activeConsumerChange)?.consumerId))?.onFrame(frame);
        return;
      default: {
        const requestId = responseRequestId(command);
        if (requestId === undefined) return;
        const p = this.pending.get(requestId);
        if (!p) return;
        this.pending.delete(requestId);
        clearTimeout(p.timer);
        if (command.type === CommandType.ERROR) p.reject(errorOf(command, p.what));
        else p.resolve(command);
      }
    }
  }
}
