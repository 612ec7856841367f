import { expect } from 'chai';
import { decodeFrame, fromServerError, PulsarServerError } from '../../../src/client';
import { errorOf, responseRequestId } from '../../../src/client/commands/error';
import { fixtureBody } from '../fixtures/fixtures';

describe('ERROR and the server-error table', () => {
  it('turns a recorded ConsumerBusy into a retriable PulsarServerError naming the command', () => {
    const { command } = decodeFrame(fixtureBody('subscribe-error-consumer-busy'));
    expect(responseRequestId(command)).to.equal(3);
    const error = errorOf(command, 'SUBSCRIBE fixture');
    expect(error).to.be.instanceOf(PulsarServerError);
    expect(error.serverError).to.equal('ConsumerBusy');
    expect(error.retriable).to.equal(true);
    expect(error.code).to.equal('TRANSPORT');
    expect(error.message).to.equal('SUBSCRIBE fixture refused by broker: ConsumerBusy (Exclusive consumer is already connected)');
  });

  it('flags codes a retry cannot fix, and names unknown codes', () => {
    expect(fromServerError(17, 'bad', 'LOOKUP t').retriable).to.equal(false); // InvalidTopicName
    expect(fromServerError(4, undefined, 'PRODUCER t').retriable).to.equal(false); // AuthorizationError
    expect(fromServerError(6, undefined, 'PRODUCER t').retriable).to.equal(true); // ServiceNotReady
    const unknown = fromServerError(99, 'new', 'SEND t');
    expect(unknown.serverError).to.equal('ServerError(99)');
    expect(unknown.retriable).to.equal(false);
  });

  it('finds the request id of each kind of answer', () => {
    expect(responseRequestId(decodeFrame(fixtureBody('subscribe-success')).command)).to.equal(2);
    expect(responseRequestId(decodeFrame(fixtureBody('producer-success')).command)).to.equal(4);
    expect(responseRequestId(decodeFrame(fixtureBody('ping')).command)).to.equal(undefined);
  });
});
