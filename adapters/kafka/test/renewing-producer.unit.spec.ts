import { rejection } from '@cadenza/conformance';
import { hasErrorCode } from '@cadenza/core';
import { expect } from 'chai';
import { silentLogger } from '../src';
import { type BatchProducer, RenewingProducer } from '../src/publish/renewing-producer';

/** Producers that record what happens to them; `failConnects` and `failSends` script the next failures. */
const producers = () => {
  const made: Array<{ connects: number; sends: number; disconnected: boolean }> = [];
  const script = { failConnects: 0, failSends: 0 };
  const create = (): BatchProducer => {
    const state = { connects: 0, sends: 0, disconnected: false };
    made.push(state);
    return {
      connect: async () => {
        state.connects++;
        if (script.failConnects > 0 && script.failConnects--) throw new Error('connection refused');
      },
      sendBatch: async () => {
        state.sends++;
        if (script.failSends > 0 && script.failSends--) throw new Error('connection closed');
      },
      disconnect: async () => void (state.disconnected = true),
    };
  };
  return { made, script, create };
};

const batch = { topicMessages: [{ topic: 't', messages: [{ value: 'v' }] }] };

describe('RenewingProducer', () => {
  it('keeps one producer while its sends succeed', async () => {
    const p = producers();
    const producer = new RenewingProducer(p.create, silentLogger);
    await producer.connect();
    for (let i = 0; i < 3; i++) await producer.sendBatch(batch);
    expect(p.made).to.deep.equal([{ connects: 1, sends: 3, disconnected: false }]);
  });

  it('disconnects the producer of a failed send and sends the next batch on a new one', async () => {
    const p = producers();
    const producer = new RenewingProducer(p.create, silentLogger);
    await producer.connect();
    p.script.failSends = 1;
    expect((await rejection(producer.sendBatch(batch))).message).to.equal('connection closed');
    await producer.sendBatch(batch);
    expect(p.made).to.deep.equal([{ connects: 1, sends: 1, disconnected: true }, { connects: 1, sends: 1, disconnected: false }]);
  });

  it('connects a new producer on the next send after connecting failed', async () => {
    const p = producers();
    const producer = new RenewingProducer(p.create, silentLogger);
    p.script.failConnects = 1;
    expect((await rejection(producer.connect())).message).to.equal('connection refused');
    await producer.sendBatch(batch);
    expect(p.made.map((m) => m.sends)).to.deep.equal([0, 1]);
  });

  it('refuses sends after disconnect with a ClosedError', async () => {
    const p = producers();
    const producer = new RenewingProducer(p.create, silentLogger);
    await producer.connect();
    await producer.disconnect();
    const error = await rejection(producer.sendBatch(batch));
    expect(hasErrorCode(error, 'CLOSED'), String(error)).to.equal(true);
    expect(p.made[0]!.disconnected).to.equal(true);
  });
});
