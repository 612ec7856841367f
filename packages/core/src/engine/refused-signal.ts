import type { Envelope } from '../model/envelope';
import type { MessageOf } from '../model/messages';
import type { Names } from '../model/names';
import { deadLetterFor } from './dead-letter';
import type { Outgoing } from './outgoing-messages';

/**
 * Why a `SendSignal` with no one to answer (a workflow's `this.send` has no `replyTo`) was refused: the
 * channel, the target and the typed error's code and message, for the warning log and the dead letter.
 */
export const refusedSignalReason = (workflowName: string, message: MessageOf<'SendSignal'>, error: Error): string =>
  `signal ${message.channel} to ${workflowName} ${message.workflowId} was refused, and its sender has no reply to wait for: `
  + `${(error as { code?: string }).code ?? error.name}: ${error.message}`;

/**
 * The dead letter of a signal its target refused when nobody waits for the answer: the signal whole (as it
 * arrived on the target's topic, keyed by the target's id), under the id `dead-letter:<signal id>`, so a
 * redelivery of the same signal dead-letters it under the same id.
 */
export const refusedSignalDeadLetter = (
  workflowName: string, envelope: Envelope, message: MessageOf<'SendSignal'>, reason: string, names: Names, at: number, maxBytes: number,
): Outgoing => ({
  topic: names.deadLetterTopic(),
  envelope: deadLetterFor({ envelope, topic: names.workflowTopic(workflowName), key: message.workflowId, deliveryCount: 1 }, reason, at, maxBytes),
});
