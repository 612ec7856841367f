/**
 * LOOKUP: which broker serves a topic.
 *
 *   client → LOOKUP          { topic, request_id, authoritative }
 *   broker → LOOKUP_RESPONSE { request_id, response: Connect,  brokerServiceUrl, authoritative, proxy_through_service_url }
 *                          | { request_id, response: Redirect, brokerServiceUrl, authoritative }  → ask that broker
 *                          | { request_id, response: Failed,   error, message }
 */
import { type BaseCommand, CommandType, type Uint64 } from '../proto/pulsar-api.types';

export const lookupCommand = (topic: string, requestId: Uint64, authoritative: boolean): BaseCommand => ({
  type: CommandType.LOOKUP,
  lookupTopic: { topic, requestId, authoritative },
});
