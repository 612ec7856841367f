/** Message ids as the client hands them out: the broker's (ledger, entry, batch index) triple. */
import { type MessageIdData, toNumber } from './proto/pulsar-api.types';

export interface MessageId {
  readonly ledgerId: number;
  readonly entryId: number;
  /** -1 when the message was not batched. */
  readonly batchIndex: number;
  /** Partition index on a partitioned topic; absent otherwise. */
  readonly partition?: number;
}

export const toMessageId = (id: MessageIdData | null | undefined): MessageId => ({
  ledgerId: toNumber(id?.ledgerId),
  entryId: toNumber(id?.entryId),
  batchIndex: id && has(id, 'batchIndex') ? (id.batchIndex ?? -1) : -1,
});

/** Whether a decoded protobuf message carries `field` itself (not the prototype's default). */
const has = (message: object, field: string): boolean => Object.prototype.hasOwnProperty.call(message, field);

/** `ledger:entry[:batch]`, stable and comparable as a map key. */
export const messageIdKey = (id: MessageIdData | MessageId): string => {
  const batch = has(id, 'batchIndex') ? (id.batchIndex ?? -1) : -1;
  return `${toNumber(id.ledgerId)}:${toNumber(id.entryId)}${batch >= 0 ? `:${batch}` : ''}`;
};

/** The entry a message belongs to (batch index dropped), the unit the broker acknowledges. */
export const entryIdData = (id: MessageIdData): MessageIdData => ({
  ledgerId: id.ledgerId,
  entryId: id.entryId,
  ...(has(id, 'partition') && (id.partition ?? -1) >= 0 ? { partition: id.partition! } : {}),
});
