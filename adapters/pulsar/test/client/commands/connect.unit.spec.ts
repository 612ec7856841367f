import { expect } from 'chai';
import { CommandType, decodeFrame, encodeSimpleFrame } from '../../../src/client';
import { connectCommand, MIN_PROTOCOL_VERSION, PROTOCOL_VERSION } from '../../../src/client/commands/connect';
import { fixtureBody } from '../fixtures/fixtures';

describe('CONNECT / CONNECTED', () => {
  it('asks for our protocol version', () => {
    const sent = decodeFrame(encodeSimpleFrame(connectCommand('test/1')).subarray(4)).command;
    expect(sent.type).to.equal(CommandType.CONNECT);
    expect(sent.connect!.clientVersion).to.equal('test/1');
    expect(sent.connect!.protocolVersion).to.equal(PROTOCOL_VERSION);
    expect(PROTOCOL_VERSION).to.be.at.least(MIN_PROTOCOL_VERSION);
  });

  it('reads the broker version, protocol version and max message size from a recorded CONNECTED', () => {
    const { connected } = decodeFrame(fixtureBody('connected')).command;
    expect(connected!.serverVersion).to.match(/Pulsar Server ?4\.0/);
    expect(connected!.protocolVersion).to.equal(PROTOCOL_VERSION);
    expect(connected!.maxMessageSize).to.equal(5 * 1024 * 1024);
  });
});
