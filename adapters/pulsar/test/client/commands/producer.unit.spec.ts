import { expect } from 'chai';
import { decodeFrame, encodeSimpleFrame, toMessageId, toNumber } from '../../../src/client';
import { producerCommand } from '../../../src/client/commands/producer';
import { fixtureBody } from '../fixtures/fixtures';

describe('PRODUCER and SEND_RECEIPT', () => {
  it('names the producer only when reconnecting under a known name', () => {
    const fresh = decodeFrame(encodeSimpleFrame(producerCommand('t', 1, 2)).subarray(4)).command.producer!;
    expect(Object.prototype.hasOwnProperty.call(fresh, 'producerName')).to.equal(false);
    const again = decodeFrame(encodeSimpleFrame(producerCommand('t', 1, 3, 'standalone-0-1')).subarray(4)).command.producer!;
    expect(again.producerName).to.equal('standalone-0-1');
  });

  it('reads the broker-given name from a recorded PRODUCER_SUCCESS', () => {
    const { producerSuccess } = decodeFrame(fixtureBody('producer-success')).command;
    expect(producerSuccess!.producerName).to.match(/^standalone-/);
    expect(toNumber(producerSuccess!.lastSequenceId)).to.equal(-1);
  });

  it('reads the sequence id and message id from a recorded SEND_RECEIPT', () => {
    const { sendReceipt } = decodeFrame(fixtureBody('send-receipt')).command;
    expect(toNumber(sendReceipt!.producerId)).to.equal(5);
    expect(toNumber(sendReceipt!.sequenceId)).to.equal(0);
    const id = toMessageId(sendReceipt!.messageId);
    expect(id.ledgerId).to.be.greaterThan(0);
    expect(id.entryId).to.equal(0);
    expect(id.batchIndex).to.equal(-1);
  });
});
