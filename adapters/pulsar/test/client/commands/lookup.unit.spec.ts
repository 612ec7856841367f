import { expect } from 'chai';
import { CommandType, decodeFrame, encodeSimpleFrame, LookupType, toNumber } from '../../../src/client';
import { lookupCommand } from '../../../src/client/commands/lookup';
import { partitionedMetadataCommand } from '../../../src/client/commands/partitioned-metadata';
import { fixtureBody } from '../fixtures/fixtures';

describe('LOOKUP and PARTITIONED_METADATA', () => {
  it('encodes the topic, request id and authoritative flag', () => {
    const { lookupTopic } = decodeFrame(encodeSimpleFrame(lookupCommand('persistent://public/default/t', 12, true)).subarray(4)).command;
    expect(lookupTopic!.topic).to.equal('persistent://public/default/t');
    expect(toNumber(lookupTopic!.requestId)).to.equal(12);
    expect(lookupTopic!.authoritative).to.equal(true);
    const { partitionMetadata, type } = decodeFrame(encodeSimpleFrame(partitionedMetadataCommand('t', 3)).subarray(4)).command;
    expect(type).to.equal(CommandType.PARTITIONED_METADATA);
    expect(partitionMetadata!.topic).to.equal('t');
  });

  it('reads a recorded Connect answer', () => {
    const { lookupTopicResponse } = decodeFrame(fixtureBody('lookup-response')).command;
    expect(lookupTopicResponse!.response).to.equal(LookupType.Connect);
    expect(lookupTopicResponse!.brokerServiceUrl).to.equal('pulsar://127.0.0.1:6650');
    expect(toNumber(lookupTopicResponse!.requestId)).to.equal(1);
  });
});
