/**
 * TypeScript shapes of the commands in {@link pulsarApiSchema}. 64-bit integers arrive as protobufjs
 * `Long` values (or numbers when small and built by us): convert them with {@link toNumber}.
 */
import type { Long } from 'protobufjs';

export type Uint64 = number | Long;

/** `BaseCommand.type`: which sub-command a frame carries. */
export enum CommandType {
  CONNECT = 2, CONNECTED = 3, SUBSCRIBE = 4, PRODUCER = 5, SEND = 6, SEND_RECEIPT = 7, SEND_ERROR = 8, MESSAGE = 9,
  ACK = 10, FLOW = 11, UNSUBSCRIBE = 12, SUCCESS = 13, ERROR = 14, CLOSE_PRODUCER = 15, CLOSE_CONSUMER = 16,
  PRODUCER_SUCCESS = 17, PING = 18, PONG = 19, REDELIVER_UNACKNOWLEDGED_MESSAGES = 20, PARTITIONED_METADATA = 21,
  PARTITIONED_METADATA_RESPONSE = 22, LOOKUP = 23, LOOKUP_RESPONSE = 24, REACHED_END_OF_TOPIC = 27,
  ACTIVE_CONSUMER_CHANGE = 31, AUTH_CHALLENGE = 36, AUTH_RESPONSE = 37, ACK_RESPONSE = 38,
}

/** `CommandSubscribe.SubType`. */
export enum SubType { Exclusive = 0, Shared = 1, Failover = 2, Key_Shared = 3 }
/** `CommandSubscribe.InitialPosition`: where a new subscription starts. */
export enum InitialPosition { Latest = 0, Earliest = 1 }
/** `CommandLookupTopicResponse.LookupType`. */
export enum LookupType { Redirect = 0, Connect = 1, Failed = 2 }

export interface MessageIdData {
  ledgerId: Uint64;
  entryId: Uint64;
  partition?: number;
  batchIndex?: number;
  batchSize?: number;
}

export interface KeyValue { key: string; value: string }

export interface MessageMetadata {
  producerName: string;
  sequenceId: Uint64;
  publishTime: Uint64;
  properties?: KeyValue[];
  partitionKey?: string;
  compression?: number;
  uncompressedSize?: number;
  numMessagesInBatch?: number;
  eventTime?: Uint64;
  partitionKeyB64Encoded?: boolean;
  orderingKey?: Uint8Array;
  deliverAtTime?: Uint64;
  nullValue?: boolean;
}

export interface SingleMessageMetadata {
  properties?: KeyValue[];
  partitionKey?: string;
  payloadSize: number;
  compactedOut?: boolean;
  eventTime?: Uint64;
  partitionKeyB64Encoded?: boolean;
  orderingKey?: Uint8Array;
  sequenceId?: Uint64;
  nullValue?: boolean;
}

export interface FeatureFlags {
  supportsAuthRefresh?: boolean;
  supportsBrokerEntryMetadata?: boolean;
  supportsPartialProducer?: boolean;
  supportsTopicWatchers?: boolean;
}

/** Every sub-command this client knows, keyed by the `BaseCommand` field that carries it. */
export interface BaseCommand {
  type: CommandType;
  connect?: { clientVersion: string; protocolVersion?: number; authMethodName?: string; authData?: Uint8Array; featureFlags?: FeatureFlags };
  connected?: { serverVersion: string; protocolVersion?: number; maxMessageSize?: number; featureFlags?: FeatureFlags };
  subscribe?: {
    topic: string; subscription: string; subType: SubType; consumerId: Uint64; requestId: Uint64; consumerName?: string;
    durable?: boolean; initialPosition?: InitialPosition; forceTopicCreation?: boolean; readCompacted?: boolean;
    keySharedMeta?: { keySharedMode: number; allowOutOfOrderDelivery?: boolean }; metadata?: KeyValue[];
  };
  producer?: { topic: string; producerId: Uint64; requestId: Uint64; producerName?: string; userProvidedProducerName?: boolean; metadata?: KeyValue[] };
  send?: { producerId: Uint64; sequenceId: Uint64; numMessages?: number; highestSequenceId?: Uint64 };
  sendReceipt?: { producerId: Uint64; sequenceId: Uint64; messageId?: MessageIdData; highestSequenceId?: Uint64 };
  sendError?: { producerId: Uint64; sequenceId: Uint64; error: number; message: string };
  message?: { consumerId: Uint64; messageId: MessageIdData; redeliveryCount?: number; consumerEpoch?: Uint64 };
  ack?: { consumerId: Uint64; ackType: number; messageId: MessageIdData[]; validationError?: number; requestId?: Uint64 };
  ackResponse?: { consumerId: Uint64; error?: number; message?: string; requestId?: Uint64 };
  flow?: { consumerId: Uint64; messagePermits: number };
  unsubscribe?: { consumerId: Uint64; requestId: Uint64 };
  success?: { requestId: Uint64 };
  error?: { requestId: Uint64; error: number; message: string };
  closeProducer?: { producerId: Uint64; requestId: Uint64; assignedBrokerServiceUrl?: string };
  closeConsumer?: { consumerId: Uint64; requestId: Uint64; assignedBrokerServiceUrl?: string };
  producerSuccess?: { requestId: Uint64; producerName: string; lastSequenceId?: Uint64; producerReady?: boolean };
  ping?: Record<string, never>;
  pong?: Record<string, never>;
  redeliverUnacknowledgedMessages?: { consumerId: Uint64; messageIds?: MessageIdData[] };
  partitionMetadata?: { topic: string; requestId: Uint64 };
  partitionMetadataResponse?: { partitions?: number; requestId: Uint64; response?: number; error?: number; message?: string };
  lookupTopic?: { topic: string; requestId: Uint64; authoritative?: boolean };
  lookupTopicResponse?: {
    brokerServiceUrl?: string; brokerServiceUrlTls?: string; response?: LookupType; requestId: Uint64;
    authoritative?: boolean; error?: number; message?: string; proxyThroughServiceUrl?: boolean;
  };
  reachedEndOfTopic?: { consumerId: Uint64 };
  activeConsumerChange?: { consumerId: Uint64; isActive?: boolean };
  authChallenge?: { serverVersion?: string; challenge?: { authMethodName?: string; authData?: Uint8Array }; protocolVersion?: number };
  authResponse?: { clientVersion?: string; response?: { authMethodName?: string; authData?: Uint8Array }; protocolVersion?: number };
}

/** A protobufjs 64-bit value (or a plain number) as a JS number; exact below 2^53, which ids stay under. */
export const toNumber = (value: Uint64 | null | undefined): number =>
  value === null || value === undefined ? 0 : typeof value === 'number' ? value : value.high * 4_294_967_296 + (value.low >>> 0);
