/**
 * ERROR / SUCCESS: the generic answers to a request.
 *
 *   broker → SUCCESS { request_id }                   (SUBSCRIBE, CLOSE_PRODUCER, CLOSE_CONSUMER, UNSUBSCRIBE)
 *   broker → ERROR   { request_id, error, message }   (any request; `error` is a ServerError code)
 *
 * SEND has its own SEND_ERROR (see `send.ts`).
 */
import type { BaseCommand } from '../proto/pulsar-api.types';
import { toNumber } from '../proto/pulsar-api.types';
import { fromServerError, type PulsarServerError } from '../server-error';

/** The request id a response frame answers, or undefined for frames that answer none. */
export const responseRequestId = (command: BaseCommand): number | undefined => {
  const body = command.success ?? command.error ?? command.producerSuccess ?? command.lookupTopicResponse
    ?? command.partitionMetadataResponse ?? command.ackResponse;
  return body ? toNumber(body.requestId) : undefined;
};

/** The error an ERROR frame carries, attributed to the command it answers. */
export const errorOf = (command: BaseCommand, request: string): PulsarServerError =>
  fromServerError(command.error?.error, command.error?.message, request);
