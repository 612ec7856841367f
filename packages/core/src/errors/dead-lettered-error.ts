import { CadenzaError } from './cadenza-error';

/**
 * The cause of a task that failed because a message of it went to the dead letter: its `ExecuteTask`
 * (or the outcome the service sent back) could not be handled, so the workflow fails at that step
 * instead of waiting for ever. Fix the cause, then `retry` the workflow.
 */
export class DeadLetteredError extends CadenzaError {
  readonly code = 'DEAD_LETTERED';
  readonly retriable = false;
  constructor(
    /** The topic the message was dead-lettered from. */
    readonly originalTopic: string,
    /** Why the transport or the worker gave up on it. */
    readonly reason: string,
    /** How many times it was delivered. */
    readonly deliveries: number,
  ) {
    super(`a message on ${originalTopic} went to the dead letter after ${deliveries} deliveries: ${reason}`);
  }
}
