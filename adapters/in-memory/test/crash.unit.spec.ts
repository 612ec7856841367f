import type { Delivery } from '@cadenza/core';
import { expect } from 'chai';
import { createInMemoryTransport, InMemoryBroker } from '../src';
import { signal, signalValue } from './support/envelope';

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('in-memory transport crash', () => {
  it('hands every key queued for a crashed consumer to the survivors, not only those in flight', async () => {
    const broker = new InMemoryBroker();
    const doomed = createInMemoryTransport({ broker });
    const survivor = createInMemoryTransport({ broker });
    const options = { order: 'per-key' as const, deadLetterTopic: 'dlq', concurrency: 1 };
    const seen: string[] = [];
    let release!: () => void;
    const stuck = new Promise<void>((resolve) => (release = resolve));
    // The doomed consumer holds its first delivery, so the rest of its keys wait in its queue when it crashes.
    await doomed.subscribe('ns.topic', 'g', () => stuck, options);
    await survivor.subscribe('ns.topic', 'g', async (d: Delivery) => void seen.push(String(signalValue(d.envelope))), options);
    const keys = Array.from({ length: 40 }, (_, i) => `key-${i}`);
    for (const key of keys) await doomed.publish('ns.topic', signal(key), { key });
    await flush();
    doomed.crash();
    release();
    for (let i = 0; i < 5; i++) await flush();
    expect([...seen].sort()).to.deep.equal([...keys].sort());
    await survivor.close();
    broker.shutdown();
  });
});
