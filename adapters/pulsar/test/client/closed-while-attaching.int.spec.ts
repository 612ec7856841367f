import { eventually } from '@cadenza/conformance';
import { expect } from 'chai';
import { type BaseCommand, CommandType, type ConsumerMessage, createPulsarClient, encodeSimpleFrame, type Frame, type PulsarClient } from '../../src/client';
import { FakeBroker, handshake } from '../support/fake-broker';
import { lookupHere, messageFrame } from './support/message-broker';

/** Both answers in one write, so the client reads them in one chunk, as when a topic unloads while a client attaches. */
const together = (...commands: BaseCommand[]): Buffer => Buffer.concat(commands.map((c) => encodeSimpleFrame(c)));

/**
 * One topic whose first SUBSCRIBE and first PRODUCER succeed and are closed in the same breath; later ones
 * stay. SENDs for a producer it closed are ignored, as Pulsar ignores them for recently closed producers.
 */
const unloadingBroker = () => {
  let subscribes = 0;
  let producers = 0;
  const closedProducers = new Set<number>();
  return (f: Frame, url: string): (BaseCommand | Buffer)[] => {
    const lookup = lookupHere(f, url);
    if (lookup) return lookup;
    const c = f.command;
    switch (c.type) {
      case CommandType.SUBSCRIBE: {
        const { consumerId, requestId } = c.subscribe!;
        const success: BaseCommand = { type: CommandType.SUCCESS, success: { requestId } };
        return subscribes++ === 0 ? [together(success, { type: CommandType.CLOSE_CONSUMER, closeConsumer: { consumerId, requestId: 0 } })] : [success];
      }
      case CommandType.FLOW:
        return subscribes > 1 ? [messageFrame(Number(c.flow!.consumerId), subscribes, { producerName: 'p', sequenceId: 0, publishTime: 1 }, Buffer.from('hello'))] : [];
      case CommandType.PRODUCER: {
        const { producerId, requestId } = c.producer!;
        const success: BaseCommand = { type: CommandType.PRODUCER_SUCCESS, producerSuccess: { requestId, producerName: 'fake-producer' } };
        if (producers++ > 0) return [success];
        closedProducers.add(Number(producerId));
        return [together(success, { type: CommandType.CLOSE_PRODUCER, closeProducer: { producerId, requestId: 0 } })];
      }
      case CommandType.SEND: {
        const { producerId, sequenceId } = c.send!;
        if (closedProducers.has(Number(producerId)) && producers === 1) return [];
        return [{ type: CommandType.SEND_RECEIPT, sendReceipt: { producerId, sequenceId, messageId: { ledgerId: 3, entryId: 4 } } }];
      }
      default:
        return [];
    }
  };
};

describe('Pulsar client: a producer or consumer the broker closes as it attaches', function () {
  this.timeout(20_000);
  let broker: FakeBroker;
  let client: PulsarClient | undefined;
  beforeEach(async () => {
    broker = new FakeBroker(handshake(unloadingBroker()));
    client = createPulsarClient({ serviceUrl: await broker.start(), operationTimeoutMs: 3_000 });
  });
  afterEach(async () => {
    await client?.close();
    await broker.stop();
  });
  const sent = (type: CommandType) => broker.received.filter((f) => f.command.type === type).length;

  it('subscribes again instead of waiting forever on a consumer the broker no longer has', async () => {
    const got: string[] = [];
    const consumer = await client!.subscribe({
      topic: 't', subscription: 's', subscriptionType: 'Key_Shared',
      onMessage: (m: ConsumerMessage) => {
        got.push(Buffer.from(m.payload).toString());
        consumer.ack(m);
      },
    });
    await eventually(() => expect(got).to.deep.equal(['hello']), { timeoutMs: 10_000 });
    expect(sent(CommandType.SUBSCRIBE)).to.equal(2);
  });

  it('registers again, so its sends are confirmed instead of timing out on a producer the broker no longer has', async () => {
    const producer = await client!.createProducer('t');
    expect(await producer.send({ payload: Buffer.from('x') })).to.deep.equal({ ledgerId: 3, entryId: 4, batchIndex: -1 });
    expect(sent(CommandType.PRODUCER)).to.equal(2);
  });
});
