import { connect } from 'node:net';
import type { PulsarTransportOptions } from '../../src';

export const PULSAR_HOST = '127.0.0.1';
export const PULSAR_PORT = 6650;
export const SERVICE_URL = `pulsar://${PULSAR_HOST}:${PULSAR_PORT}`;

/** Options for a transport on the test broker. */
export const brokerOptions = (extra: Partial<PulsarTransportOptions> = {}): PulsarTransportOptions => ({
  type: 'pulsar', serviceUrl: SERVICE_URL, operationTimeoutMs: 15_000, ...extra,
});

/** Fails (never skips) when the broker is not listening. */
export const mustReachBroker = (): Promise<void> =>
  new Promise((resolve, reject) => {
    const socket = connect({ host: PULSAR_HOST, port: PULSAR_PORT });
    socket.setTimeout(3_000);
    socket.once('connect', () => {
      socket.destroy();
      resolve();
    });
    const fail = (why: string) => {
      socket.destroy();
      reject(new Error(`Pulsar not reachable at ${SERVICE_URL} (${why}); start it with infra/pulsar/start.sh`));
    };
    socket.once('error', (e) => fail(e.message));
    socket.once('timeout', () => fail('timeout'));
  });
