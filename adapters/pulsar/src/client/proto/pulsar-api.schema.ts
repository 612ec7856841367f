/**
 * Our own minimal protobuf (proto2) schema of Pulsar's binary protocol, written from the protocol's
 * documentation: only the commands and fields this client reads or writes. Field numbers are the wire
 * contract; names are ours (camelCase). Loaded with protobufjs's reflection API (`Root.fromJSON`), so no
 * `.proto` file has to travel with the compiled code.
 */
import type { INamespace } from 'protobufjs';

type Rule = 'required' | 'optional' | 'repeated';
type FieldSpec = readonly [name: string, id: number, type: string, rule?: Rule];

const message = (...fields: FieldSpec[]) => ({
  fields: Object.fromEntries(
    fields.map(([name, id, type, rule = 'optional']) => [name, { id, type, ...(rule === 'optional' ? {} : { rule }) }]),
  ),
});
const enumOf = (values: Record<string, number>) => ({ values });

export const pulsarApiSchema: INamespace = {
  nested: {
    pulsar: {
      nested: {
        ServerError: enumOf({
          UnknownError: 0, MetadataError: 1, PersistenceError: 2, AuthenticationError: 3, AuthorizationError: 4,
          ConsumerBusy: 5, ServiceNotReady: 6, ProducerBlockedQuotaExceededError: 7,
          ProducerBlockedQuotaExceededException: 8, ChecksumError: 9, UnsupportedVersionError: 10, TopicNotFound: 11,
          SubscriptionNotFound: 12, ConsumerNotFound: 13, TooManyRequests: 14, TopicTerminatedError: 15,
          ProducerBusy: 16, InvalidTopicName: 17, IncompatibleSchema: 18, ConsumerAssignError: 19,
          TransactionCoordinatorNotFound: 20, InvalidTxnStatus: 21, NotAllowedError: 22, TransactionConflict: 23,
          TransactionNotFound: 24, ProducerFenced: 25,
        }),
        CompressionType: enumOf({ NONE: 0, LZ4: 1, ZLIB: 2, ZSTD: 3, SNAPPY: 4 }),
        KeySharedMode: enumOf({ AUTO_SPLIT: 0, STICKY: 1 }),
        MessageIdData: message(
          ['ledgerId', 1, 'uint64', 'required'], ['entryId', 2, 'uint64', 'required'], ['partition', 3, 'int32'],
          ['batchIndex', 4, 'int32'], ['batchSize', 6, 'int32'],
        ),
        KeyValue: message(['key', 1, 'string', 'required'], ['value', 2, 'string', 'required']),
        MessageMetadata: message(
          ['producerName', 1, 'string', 'required'], ['sequenceId', 2, 'uint64', 'required'],
          ['publishTime', 3, 'uint64', 'required'], ['properties', 4, 'KeyValue', 'repeated'],
          ['partitionKey', 6, 'string'], ['compression', 8, 'CompressionType'], ['uncompressedSize', 9, 'uint32'],
          ['numMessagesInBatch', 11, 'int32'], ['eventTime', 12, 'uint64'], ['partitionKeyB64Encoded', 17, 'bool'],
          ['orderingKey', 18, 'bytes'], ['deliverAtTime', 19, 'int64'], ['nullValue', 25, 'bool'],
        ),
        SingleMessageMetadata: message(
          ['properties', 1, 'KeyValue', 'repeated'], ['partitionKey', 2, 'string'], ['payloadSize', 3, 'int32', 'required'],
          ['compactedOut', 4, 'bool'], ['eventTime', 5, 'uint64'], ['partitionKeyB64Encoded', 6, 'bool'],
          ['orderingKey', 7, 'bytes'], ['sequenceId', 8, 'uint64'], ['nullValue', 9, 'bool'],
        ),
        FeatureFlags: message(
          ['supportsAuthRefresh', 1, 'bool'], ['supportsBrokerEntryMetadata', 2, 'bool'],
          ['supportsPartialProducer', 3, 'bool'], ['supportsTopicWatchers', 4, 'bool'],
        ),
        CommandConnect: message(
          ['clientVersion', 1, 'string', 'required'], ['authData', 3, 'bytes'], ['protocolVersion', 4, 'int32'],
          ['authMethodName', 5, 'string'], ['featureFlags', 10, 'FeatureFlags'],
        ),
        CommandConnected: message(
          ['serverVersion', 1, 'string', 'required'], ['protocolVersion', 2, 'int32'], ['maxMessageSize', 3, 'int32'],
          ['featureFlags', 4, 'FeatureFlags'],
        ),
        AuthData: message(['authMethodName', 1, 'string'], ['authData', 2, 'bytes']),
        CommandAuthChallenge: message(['serverVersion', 1, 'string'], ['challenge', 2, 'AuthData'], ['protocolVersion', 3, 'int32']),
        CommandAuthResponse: message(['clientVersion', 1, 'string'], ['response', 2, 'AuthData'], ['protocolVersion', 3, 'int32']),
        KeySharedMeta: message(['keySharedMode', 1, 'KeySharedMode', 'required'], ['allowOutOfOrderDelivery', 4, 'bool']),
        CommandSubscribe: {
          ...message(
            ['topic', 1, 'string', 'required'], ['subscription', 2, 'string', 'required'],
            ['subType', 3, 'SubType', 'required'], ['consumerId', 4, 'uint64', 'required'],
            ['requestId', 5, 'uint64', 'required'], ['consumerName', 6, 'string'], ['priorityLevel', 7, 'int32'],
            ['durable', 8, 'bool'], ['metadata', 10, 'KeyValue', 'repeated'], ['readCompacted', 11, 'bool'],
            ['initialPosition', 13, 'InitialPosition'], ['replicateSubscriptionState', 14, 'bool'],
            ['forceTopicCreation', 15, 'bool'], ['keySharedMeta', 17, 'KeySharedMeta'],
          ),
          nested: {
            SubType: enumOf({ Exclusive: 0, Shared: 1, Failover: 2, Key_Shared: 3 }),
            InitialPosition: enumOf({ Latest: 0, Earliest: 1 }),
          },
        },
        CommandPartitionedTopicMetadata: message(['topic', 1, 'string', 'required'], ['requestId', 2, 'uint64', 'required']),
        CommandPartitionedTopicMetadataResponse: {
          ...message(
            ['partitions', 1, 'uint32'], ['requestId', 2, 'uint64', 'required'], ['response', 3, 'LookupType'],
            ['error', 4, 'ServerError'], ['message', 5, 'string'],
          ),
          nested: { LookupType: enumOf({ Success: 0, Failed: 1 }) },
        },
        CommandLookupTopic: message(
          ['topic', 1, 'string', 'required'], ['requestId', 2, 'uint64', 'required'], ['authoritative', 3, 'bool'],
        ),
        CommandLookupTopicResponse: {
          ...message(
            ['brokerServiceUrl', 1, 'string'], ['brokerServiceUrlTls', 2, 'string'], ['response', 3, 'LookupType'],
            ['requestId', 4, 'uint64', 'required'], ['authoritative', 5, 'bool'], ['error', 6, 'ServerError'],
            ['message', 7, 'string'], ['proxyThroughServiceUrl', 8, 'bool'],
          ),
          nested: { LookupType: enumOf({ Redirect: 0, Connect: 1, Failed: 2 }) },
        },
        CommandProducer: message(
          ['topic', 1, 'string', 'required'], ['producerId', 2, 'uint64', 'required'],
          ['requestId', 3, 'uint64', 'required'], ['producerName', 4, 'string'], ['encrypted', 5, 'bool'],
          ['metadata', 6, 'KeyValue', 'repeated'], ['epoch', 8, 'uint64'], ['userProvidedProducerName', 9, 'bool'],
        ),
        CommandSend: message(
          ['producerId', 1, 'uint64', 'required'], ['sequenceId', 2, 'uint64', 'required'], ['numMessages', 3, 'int32'],
          ['highestSequenceId', 6, 'uint64'],
        ),
        CommandSendReceipt: message(
          ['producerId', 1, 'uint64', 'required'], ['sequenceId', 2, 'uint64', 'required'],
          ['messageId', 3, 'MessageIdData'], ['highestSequenceId', 4, 'uint64'],
        ),
        CommandSendError: message(
          ['producerId', 1, 'uint64', 'required'], ['sequenceId', 2, 'uint64', 'required'],
          ['error', 3, 'ServerError', 'required'], ['message', 4, 'string', 'required'],
        ),
        CommandMessage: message(
          ['consumerId', 1, 'uint64', 'required'], ['messageId', 2, 'MessageIdData', 'required'],
          ['redeliveryCount', 3, 'uint32'], ['consumerEpoch', 5, 'uint64'],
        ),
        CommandAck: {
          ...message(
            ['consumerId', 1, 'uint64', 'required'], ['ackType', 2, 'AckType', 'required'],
            ['messageId', 3, 'MessageIdData', 'repeated'], ['validationError', 4, 'ValidationError'],
            ['requestId', 8, 'uint64'],
          ),
          nested: {
            AckType: enumOf({ Individual: 0, Cumulative: 1 }),
            ValidationError: enumOf({
              UncompressedSizeCorruption: 0, DecompressionError: 1, ChecksumMismatch: 2, BatchDeSerializeError: 3,
              DecryptionError: 4,
            }),
          },
        },
        CommandAckResponse: message(
          ['consumerId', 1, 'uint64', 'required'], ['error', 4, 'ServerError'], ['message', 5, 'string'],
          ['requestId', 6, 'uint64'],
        ),
        CommandFlow: message(['consumerId', 1, 'uint64', 'required'], ['messagePermits', 2, 'uint32', 'required']),
        CommandUnsubscribe: message(['consumerId', 1, 'uint64', 'required'], ['requestId', 2, 'uint64', 'required']),
        CommandSuccess: message(['requestId', 1, 'uint64', 'required']),
        CommandError: message(
          ['requestId', 1, 'uint64', 'required'], ['error', 2, 'ServerError', 'required'],
          ['message', 3, 'string', 'required'],
        ),
        CommandCloseProducer: message(
          ['producerId', 1, 'uint64', 'required'], ['requestId', 2, 'uint64', 'required'],
          ['assignedBrokerServiceUrl', 3, 'string'],
        ),
        CommandCloseConsumer: message(
          ['consumerId', 1, 'uint64', 'required'], ['requestId', 2, 'uint64', 'required'],
          ['assignedBrokerServiceUrl', 3, 'string'],
        ),
        CommandProducerSuccess: message(
          ['requestId', 1, 'uint64', 'required'], ['producerName', 2, 'string', 'required'],
          ['lastSequenceId', 3, 'int64'], ['producerReady', 6, 'bool'],
        ),
        CommandPing: message(),
        CommandPong: message(),
        CommandRedeliverUnacknowledgedMessages: message(
          ['consumerId', 1, 'uint64', 'required'], ['messageIds', 2, 'MessageIdData', 'repeated'],
        ),
        CommandReachedEndOfTopic: message(['consumerId', 1, 'uint64', 'required']),
        CommandActiveConsumerChange: message(['consumerId', 1, 'uint64', 'required'], ['isActive', 2, 'bool']),
        BaseCommand: {
          ...message(
            ['type', 1, 'Type', 'required'], ['connect', 2, 'CommandConnect'], ['connected', 3, 'CommandConnected'],
            ['subscribe', 4, 'CommandSubscribe'], ['producer', 5, 'CommandProducer'], ['send', 6, 'CommandSend'],
            ['sendReceipt', 7, 'CommandSendReceipt'], ['sendError', 8, 'CommandSendError'],
            ['message', 9, 'CommandMessage'], ['ack', 10, 'CommandAck'], ['flow', 11, 'CommandFlow'],
            ['unsubscribe', 12, 'CommandUnsubscribe'], ['success', 13, 'CommandSuccess'], ['error', 14, 'CommandError'],
            ['closeProducer', 15, 'CommandCloseProducer'], ['closeConsumer', 16, 'CommandCloseConsumer'],
            ['producerSuccess', 17, 'CommandProducerSuccess'], ['ping', 18, 'CommandPing'], ['pong', 19, 'CommandPong'],
            ['redeliverUnacknowledgedMessages', 20, 'CommandRedeliverUnacknowledgedMessages'],
            ['partitionMetadata', 21, 'CommandPartitionedTopicMetadata'],
            ['partitionMetadataResponse', 22, 'CommandPartitionedTopicMetadataResponse'],
            ['lookupTopic', 23, 'CommandLookupTopic'], ['lookupTopicResponse', 24, 'CommandLookupTopicResponse'],
            ['reachedEndOfTopic', 27, 'CommandReachedEndOfTopic'],
            ['activeConsumerChange', 31, 'CommandActiveConsumerChange'], ['authChallenge', 36, 'CommandAuthChallenge'],
            ['authResponse', 37, 'CommandAuthResponse'], ['ackResponse', 38, 'CommandAckResponse'],
          ),
          nested: {
            Type: enumOf({
              CONNECT: 2, CONNECTED: 3, SUBSCRIBE: 4, PRODUCER: 5, SEND: 6, SEND_RECEIPT: 7, SEND_ERROR: 8, MESSAGE: 9,
              ACK: 10, FLOW: 11, UNSUBSCRIBE: 12, SUCCESS: 13, ERROR: 14, CLOSE_PRODUCER: 15, CLOSE_CONSUMER: 16,
              PRODUCER_SUCCESS: 17, PING: 18, PONG: 19, REDELIVER_UNACKNOWLEDGED_MESSAGES: 20, PARTITIONED_METADATA: 21,
              PARTITIONED_METADATA_RESPONSE: 22, LOOKUP: 23, LOOKUP_RESPONSE: 24, REACHED_END_OF_TOPIC: 27,
              ACTIVE_CONSUMER_CHANGE: 31, AUTH_CHALLENGE: 36, AUTH_RESPONSE: 37, ACK_RESPONSE: 38,
            }),
          },
        },
      },
    },
  },
};
