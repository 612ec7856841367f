import { expect } from 'chai';
import { CommandType, decodeFrame, FrameDecoder, FrameError, toNumber } from '../../../src/client';
import { fixture, fixtureBody } from '../fixtures/fixtures';

const recorded = ['connected', 'lookup-response', 'subscribe-success', 'subscribe-error-consumer-busy', 'producer-success', 'send-receipt', 'message', 'ping', 'pong'];
const alsoRecorded = ['send-request', 'send-receipt-batch', 'message-batch'];

describe('FrameDecoder', () => {
  it('decodes every recorded frame', () => {
    for (const name of [...recorded, ...alsoRecorded]) {
      const frames = new FrameDecoder().push(fixture(name));
      expect(frames, name).to.have.length(1);
    }
  });

  it('reassembles frames delivered one byte at a time and several per chunk', () => {
    const stream = Buffer.concat(recorded.map(fixture));
    const whole = new FrameDecoder().push(stream).map((f) => f.command.type);
    const decoder = new FrameDecoder();
    const bytewise = [...stream].flatMap((byte) => decoder.push(Buffer.from([byte])).map((f) => f.command.type));
    expect(bytewise).to.deep.equal(whole);
    expect(whole).to.deep.equal([
      CommandType.CONNECTED, CommandType.LOOKUP_RESPONSE, CommandType.SUCCESS, CommandType.ERROR,
      CommandType.PRODUCER_SUCCESS, CommandType.SEND_RECEIPT, CommandType.MESSAGE, CommandType.PING, CommandType.PONG,
    ]);
  });

  it('reads the metadata and payload of a MESSAGE frame after checking its CRC-32C', () => {
    const frame = decodeFrame(fixtureBody('message'));
    expect(frame.command.type).to.equal(CommandType.MESSAGE);
    expect(toNumber(frame.command.message!.consumerId)).to.equal(7);
    expect(frame.metadata!.partitionKey).to.equal('key-1');
    expect(frame.metadata!.properties!.map(({ key, value }) => ({ key, value }))).to.deep.equal([{ key: 'origin', value: 'fixture' }]);
    expect(toNumber(frame.metadata!.publishTime)).to.equal(1_700_000_000_000);
    expect(Buffer.from(frame.payload!).toString()).to.equal('{"hello":"pulsar"}');
  });

  it('refuses a payload whose checksum does not match', () => {
    const corrupt = Buffer.from(fixture('message'));
    corrupt.writeUInt8(corrupt.readUInt8(corrupt.length - 3) ^ 0x20, corrupt.length - 3);
    expect(() => new FrameDecoder().push(corrupt)).to.throw(FrameError, /checksum/);
  });

  it('refuses a frame larger than the limit before buffering it', () => {
    const header = Buffer.alloc(8);
    header.writeUInt32BE(64 * 1024 * 1024, 0);
    expect(() => new FrameDecoder().push(header)).to.throw(FrameError, /frame size/);
  });

  it('refuses a command size beyond the frame', () => {
    const bad = Buffer.from(fixture('ping'));
    bad.writeUInt32BE(999, 4);
    expect(() => new FrameDecoder().push(bad)).to.throw(FrameError, /command size/);
  });

  it('refuses a command that does not parse', () => {
    const garbage = Buffer.from([0, 0, 0, 7, 0, 0, 0, 3, 0xff, 0xff, 0xff]);
    expect(() => new FrameDecoder().push(garbage)).to.throw(FrameError, /does not parse/);
  });
});
