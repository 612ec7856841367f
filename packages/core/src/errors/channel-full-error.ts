import { CadenzaError } from './cadenza-error';

/**
 * A signal refused because its channel already buffers `limit` signals that no receive took (see the
 * workflow's `static maxBufferedSignals`): nothing is recorded; retriable, since a receive may drain it.
 */
export class ChannelFullError extends CadenzaError {
  readonly code = 'CHANNEL_FULL';
  readonly retriable = true;
  constructor(readonly workflowName: string, readonly workflowId: string, readonly channel: string, readonly limit: number) {
    super(`channel ${channel} of workflow ${workflowName} ${workflowId} already buffers ${limit} signals that no receive took; the signal was refused`);
  }
}
