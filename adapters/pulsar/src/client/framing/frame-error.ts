import { TransportError } from '@cadenza/core';

/**
 * A frame that cannot be trusted: a size over the limit, a command that does not parse, a payload whose
 * CRC-32C does not match. The connection that read it is dropped and re-established; nothing in the frame
 * is delivered or acknowledged.
 */
export class FrameError extends TransportError {
  constructor(readonly reason: string) {
    super(`corrupt Pulsar frame: ${reason}`, true);
  }
}
