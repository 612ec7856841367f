/**
 * SUBSCRIBE: attach a consumer to a subscription (created on first use).
 *
 *   client → SUBSCRIBE { topic, subscription, subType: Exclusive|Shared|Failover|Key_Shared, consumer_id, request_id,
 *                        consumer_name, durable, initialPosition: Latest|Earliest, keySharedMeta { keySharedMode } }
 *   broker → SUCCESS   { request_id }
 *          | ERROR     { request_id, error, message }   (e.g. ConsumerBusy on a second Exclusive consumer)
 *
 * After SUCCESS the broker sends nothing until the consumer grants permits with FLOW.
 */
import { type BaseCommand, CommandType, type InitialPosition, SubType, type Uint64 } from '../proto/pulsar-api.types';

export interface SubscribeArgs {
  topic: string;
  subscription: string;
  subType: SubType;
  consumerId: Uint64;
  requestId: Uint64;
  consumerName: string;
  initialPosition: InitialPosition;
}

const AUTO_SPLIT = 0;

export const subscribeCommand = (a: SubscribeArgs): BaseCommand => ({
  type: CommandType.SUBSCRIBE,
  subscribe: {
    topic: a.topic, subscription: a.subscription, subType: a.subType, consumerId: a.consumerId, requestId: a.requestId,
    consumerName: a.consumerName, durable: true, initialPosition: a.initialPosition,
    ...(a.subType === SubType.Key_Shared ? { keySharedMeta: { keySharedMode: AUTO_SPLIT } } : {}),
  },
});
