import { expect } from 'chai';
import { setTimeout as delay } from 'node:timers/promises';
import { installRequestQueueTimerFix } from '../src/support/request-queue-timer';

interface Queue {
  pending: unknown[];
  inflight: Map<number, unknown>;
  throttleCheckTimeoutId: NodeJS.Timeout | null;
  throttledUntil: number;
  push(request: { entry: { correlationId: number }; expectResponse: boolean; sendRequest: () => void }): void;
  fulfillRequest(response: { correlationId: number; payload: Buffer; size: number }): void;
  maybeThrottle(ms: number): void;
  destroy(): void;
}

const silent = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined, namespace: () => silent };

/** kafkajs's own request queue (with at most one request in flight), after the fix is installed. */
const requestQueue = (): Queue => {
  installRequestQueueTimerFix();
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- kafkajs exports no RequestQueue
  const RequestQueue = require('kafkajs/src/network/requestQueue/index.js') as new (o: object) => Queue;
  return new RequestQueue({ maxInFlightRequests: 1, requestTimeout: 30_000, enforceRequestTimeout: false, clientId: 't', broker: 'b:1', logger: silent });
};

const request = (correlationId: number, sent: number[]) => ({
  entry: { correlationId, resolve: () => undefined, reject: () => undefined }, expectResponse: true, sendRequest: () => sent.push(correlationId),
});

describe('kafkajs request queue timer fix', () => {
  it('arms no timer after a response when no request waits (kafkajs re-armed one every millisecond)', () => {
    const queue = requestQueue();
    const sent: number[] = [];
    queue.push(request(1, sent));
    queue.fulfillRequest({ correlationId: 1, payload: Buffer.alloc(0), size: 0 });
    expect(sent).to.deep.equal([1]);
    expect(queue.throttleCheckTimeoutId).to.equal(null);
    queue.destroy();
  });

  it('still sends a queued request once the one in flight is answered, and stops checking once none waits', async () => {
    const queue = requestQueue();
    const sent: number[] = [];
    queue.push(request(1, sent));
    queue.push(request(2, sent));
    expect(sent).to.deep.equal([1]);
    queue.fulfillRequest({ correlationId: 1, payload: Buffer.alloc(0), size: 0 });
    expect(sent).to.deep.equal([1, 2]);
    queue.fulfillRequest({ correlationId: 2, payload: Buffer.alloc(0), size: 0 });
    // The check armed while request 2 waited runs once, finds nothing, and is not re-armed.
    await delay(30);
    expect(queue.throttleCheckTimeoutId).to.equal(null);
    queue.destroy();
  });

  it('sends a request queued while throttled once the throttle ends, and then arms nothing', async () => {
    const queue = requestQueue();
    const sent: number[] = [];
    queue.maybeThrottle(30);
    queue.push(request(1, sent));
    expect(sent).to.deep.equal([]);
    expect(queue.throttleCheckTimeoutId).to.not.equal(null);
    while (sent.length === 0) await delay(10);
    expect(sent).to.deep.equal([1]);
    expect(queue.throttleCheckTimeoutId).to.equal(null);
    queue.destroy();
  });
});
