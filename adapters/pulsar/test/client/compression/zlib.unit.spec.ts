import { expect } from 'chai';
import { deflateSync } from 'node:zlib';
import { encodeBatchPayload, type MessageMetadata } from '../../../src/client';
import { splitMessage, UNDECODABLE_PROPERTY } from '../../../src/client/commands/message';

const zlib = (extra: Partial<MessageMetadata> = {}): MessageMetadata => ({ producerName: 'p', sequenceId: 0, publishTime: 1, compression: 2, ...extra });
const id = { ledgerId: 1, entryId: 1 };
const MiB = 1024 * 1024;

describe('ZLIB payloads bounded by their declared size and the message limit', () => {
  // 20 MiB of zeros deflate to about 20 KB: a small frame that would take a large allocation to inflate.
  const bomb = deflateSync(Buffer.alloc(20 * MiB));

  it('refuses a payload that inflates past the uncompressed size it declares, without inflating it all', () => {
    expect(bomb.length).to.be.below(64 * 1024);
    const [m, ...rest] = splitMessage(id, 0, zlib({ uncompressedSize: 1024 }), bomb);
    expect(rest).to.have.length(0);
    expect(m!.properties[UNDECODABLE_PROPERTY]).to.equal('ZLIB payload inflates past 1024 bytes');
    expect(m!.payload).to.equal(bomb);
  });

  it('refuses a declared uncompressed size over the message limit before inflating', () => {
    const [m] = splitMessage(id, 0, zlib({ uncompressedSize: 20 * MiB }), bomb, 5 * MiB);
    expect(m!.properties[UNDECODABLE_PROPERTY]).to.equal(`ZLIB payload declares ${20 * MiB} bytes, over the ${5 * MiB}-byte message limit`);
  });

  it('bounds a payload that declares no uncompressed size by the message limit', () => {
    const [m] = splitMessage(id, 0, zlib(), bomb, 5 * MiB);
    expect(m!.properties[UNDECODABLE_PROPERTY]).to.equal(`ZLIB payload inflates past ${5 * MiB} bytes`);
  });

  it('refuses a payload that inflates to less than it declares', () => {
    const [m] = splitMessage(id, 0, zlib({ uncompressedSize: 100 }), deflateSync(Buffer.from('short')));
    expect(m!.properties[UNDECODABLE_PROPERTY]).to.equal('ZLIB payload inflates to 5 bytes, not the 100 declared');
  });

  it('inflates a payload of exactly its declared size, a batch inside included', () => {
    const [m] = splitMessage(id, 0, zlib({ uncompressedSize: 8 }), deflateSync(Buffer.from('squeezed')));
    expect(Buffer.from(m!.payload).toString()).to.equal('squeezed');
    expect(m!.properties[UNDECODABLE_PROPERTY]).to.equal(undefined);
    const [empty] = splitMessage(id, 0, zlib({ uncompressedSize: 0 }), deflateSync(Buffer.alloc(0)));
    expect([empty!.payload.length, empty!.properties[UNDECODABLE_PROPERTY]]).to.deep.equal([0, undefined]);
    const batch = encodeBatchPayload([{ payload: Buffer.from('one') }, { payload: Buffer.from('two') }]);
    const split = splitMessage(id, 0, zlib({ uncompressedSize: batch.length, numMessagesInBatch: 2 }), deflateSync(batch));
    expect(split.map((s) => Buffer.from(s.payload).toString())).to.deep.equal(['one', 'two']);
  });

  it('names bytes that are not ZLIB at all', () => {
    const [m] = splitMessage(id, 0, zlib({ uncompressedSize: 3 }), Buffer.from([1, 2, 3]));
    expect(m!.properties[UNDECODABLE_PROPERTY]).to.match(/^ZLIB payload does not inflate \(/);
  });
});
