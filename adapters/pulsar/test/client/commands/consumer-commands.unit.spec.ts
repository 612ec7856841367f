import { expect } from 'chai';
import { CommandType, decodeFrame, encodeSimpleFrame, InitialPosition, SubType, toNumber } from '../../../src/client';
import { ackCommand } from '../../../src/client/commands/ack';
import { flowCommand } from '../../../src/client/commands/flow';
import { redeliverCommand } from '../../../src/client/commands/redeliver';
import { subscribeCommand } from '../../../src/client/commands/subscribe';

const roundTrip = (command: Parameters<typeof encodeSimpleFrame>[0]) => decodeFrame(encodeSimpleFrame(command).subarray(4)).command;

describe('SUBSCRIBE, FLOW, ACK, REDELIVER_UNACKNOWLEDGED_MESSAGES', () => {
  it('subscribes Key_Shared with auto-split hash ranges', () => {
    const { subscribe } = roundTrip(subscribeCommand({
      topic: 't', subscription: 'g', subType: SubType.Key_Shared, consumerId: 1, requestId: 2, consumerName: 'c',
      initialPosition: InitialPosition.Earliest,
    }));
    expect(subscribe!.subType).to.equal(SubType.Key_Shared);
    expect(subscribe!.keySharedMeta!.keySharedMode).to.equal(0);
    expect(subscribe!.initialPosition).to.equal(InitialPosition.Earliest);
    expect(subscribe!.durable).to.equal(true);
  });

  it('sends no Key_Shared metadata for other subscription types', () => {
    const { subscribe } = roundTrip(subscribeCommand({
      topic: 't', subscription: 'g', subType: SubType.Shared, consumerId: 1, requestId: 2, consumerName: 'c',
      initialPosition: InitialPosition.Latest,
    }));
    expect(subscribe!.keySharedMeta).to.equal(null);
  });

  it('grants permits, acks and redelivers by message id', () => {
    expect(roundTrip(flowCommand(4, 1000)).flow!.messagePermits).to.equal(1000);
    const ack = roundTrip(ackCommand(4, [{ ledgerId: 10, entryId: 1 }, { ledgerId: 10, entryId: 2 }]));
    expect(ack.type).to.equal(CommandType.ACK);
    expect(ack.ack!.messageId.map((id) => toNumber(id.entryId))).to.deep.equal([1, 2]);
    const redeliver = roundTrip(redeliverCommand(4, [{ ledgerId: 10, entryId: 3 }]));
    expect(redeliver.redeliverUnacknowledgedMessages!.messageIds!.map((id) => toNumber(id.entryId))).to.deep.equal([3]);
  });
});
