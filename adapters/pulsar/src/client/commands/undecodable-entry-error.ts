import { TransportError } from '@cadenza/core';

/**
 * A broker entry this client cannot take apart (a batch whose entries do not fit its payload, a compressed
 * payload that does not inflate to its declared size). Unlike a {@link FrameError} the frame itself was sound,
 * so the connection stays up: the entry is handed over whole and marked, for the caller to dead-letter.
 * Not retriable: the same bytes fail the same way on every delivery.
 */
export class UndecodableEntryError extends TransportError {
  constructor(readonly reason: string) {
    super(`undecodable Pulsar entry: ${reason}`, false);
  }
}
