import { eventually } from '@cadenza/conformance';
import { expect } from 'chai';
import { CommandType, type ConsumerMessage, createPulsarClient, type PulsarClient } from '../../src/client';
import { FakeBroker, handshake } from '../support/fake-broker';
import { messageBroker, messageFrame, uncheckedMessageFrame } from './support/message-broker';

const meta = { producerName: 'p', sequenceId: 0, publishTime: 1 };

describe('Consumer: a payload frame that cannot be checked, from a scripted broker', function () {
  this.timeout(10_000);
  let broker: FakeBroker;
  let client: PulsarClient | undefined;
  afterEach(async () => {
    await client?.close();
    await broker.stop();
  });

  it('drops the connection on a MESSAGE without magic number and checksum, delivers nothing of it, and resubscribes', async () => {
    broker = new FakeBroker(handshake(messageBroker((id) => [
      uncheckedMessageFrame(id, 1, meta, Buffer.from('unchecked')),
      messageFrame(id, 2, meta, Buffer.from('behind the bad frame')),
    ])));
    client = createPulsarClient({ serviceUrl: await broker.start(), operationTimeoutMs: 2_000 });
    const received: ConsumerMessage[] = [];
    await client.subscribe({ topic: 't', subscription: 's', subscriptionType: 'Shared', onMessage: (m) => received.push(m) });
    const count = (type: CommandType) => broker.received.filter((f) => f.command.type === type).length;
    await eventually(() => expect(count(CommandType.SUBSCRIBE)).to.equal(2), { timeoutMs: 5_000 });
    expect(count(CommandType.CONNECT)).to.equal(2);
    expect(received).to.deep.equal([]);
  });
});
