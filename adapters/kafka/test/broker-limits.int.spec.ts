import { hasErrorCode } from '@cadenza/core';
import { expect } from 'chai';
import { createTestTransport, useKafkaBroker } from './support/kafka-broker';

useKafkaBroker();

describe('Kafka: maxMessageBytes is checked against the broker at connect', function () {
  this.timeout(60_000);

  it('refuses a maxMessageBytes over the broker\'s message.max.bytes, naming the field and the limit', async () => {
    const error = await createTestTransport({ maxMessageBytes: 2_000_000 }).then(async (t) => {
      await t.close();
      return undefined;
    }, (e: unknown) => e);
    expect(hasErrorCode(error, 'CONFIG'), String(error)).to.equal(true);
    expect((error as Error).message).to.match(/^invalid config at transport\.maxMessageBytes: expected at most \d+ \(the broker's message\.max\.bytes is \d+/);
  });

  it('connects with the default, which the broker\'s default takes', async () => {
    const t = await createTestTransport();
    await t.close();
  });
});
