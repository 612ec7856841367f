/**
 * The broker's `ServerError` codes, which of them a retry can fix, and the error we throw for them.
 * An unknown code is named by number and treated as not retriable.
 */
import { TransportError } from '@cadenza/core';

export const SERVER_ERRORS = [
  'UnknownError', 'MetadataError', 'PersistenceError', 'AuthenticationError', 'AuthorizationError', 'ConsumerBusy',
  'ServiceNotReady', 'ProducerBlockedQuotaExceededError', 'ProducerBlockedQuotaExceededException', 'ChecksumError',
  'UnsupportedVersionError', 'TopicNotFound', 'SubscriptionNotFound', 'ConsumerNotFound', 'TooManyRequests',
  'TopicTerminatedError', 'ProducerBusy', 'InvalidTopicName', 'IncompatibleSchema', 'ConsumerAssignError',
  'TransactionCoordinatorNotFound', 'InvalidTxnStatus', 'NotAllowedError', 'TransactionConflict',
  'TransactionNotFound', 'ProducerFenced',
] as const;
export type ServerError = (typeof SERVER_ERRORS)[number];

const RETRIABLE: Partial<Record<ServerError, boolean>> = {
  UnknownError: false, MetadataError: true, PersistenceError: true, AuthenticationError: false,
  AuthorizationError: false, ConsumerBusy: true, ServiceNotReady: true, ProducerBlockedQuotaExceededError: true,
  ProducerBlockedQuotaExceededException: true, ChecksumError: true, UnsupportedVersionError: false,
  TopicNotFound: false, SubscriptionNotFound: false, ConsumerNotFound: true, TooManyRequests: true,
  TopicTerminatedError: false, ProducerBusy: true, InvalidTopicName: false, IncompatibleSchema: false,
  ConsumerAssignError: true, NotAllowedError: false, ProducerFenced: false,
};

/** A command the broker refused with a `ServerError`; `retriable` comes from the table above. */
export class PulsarServerError extends TransportError {
  constructor(message: string, readonly serverError: ServerError | `ServerError(${number})`, retriable: boolean) {
    super(message, retriable);
  }
}

/** The name of a `ServerError` code. */
export const serverErrorName = (code: number | undefined): ServerError | `ServerError(${number})` =>
  SERVER_ERRORS[code ?? 0] ?? `ServerError(${code ?? 0})`;

/** Builds the error for a refused command: `<command> refused by broker: <code> (<broker's message>)`. */
export const fromServerError = (code: number | undefined, message: string | undefined, command: string): PulsarServerError => {
  const name = serverErrorName(code);
  const retriable = RETRIABLE[name as ServerError] ?? false;
  return new PulsarServerError(`${command} refused by broker: ${name}${message ? ` (${message})` : ''}`, name, retriable);
};
