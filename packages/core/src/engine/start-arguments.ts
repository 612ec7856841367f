import { isLeft } from 'fp-ts/lib/Either';
import { InvalidArgumentsError } from '../errors/invalid-arguments-error';
import type { Envelope } from '../model/envelope';
import { toErrorData } from '../model/error-data';
import type { MessageOf } from '../model/messages';
import type { Names } from '../model/names';
import { formatValidationErrors } from '../model/validation-report';
import type { WorkflowClass } from '../workflow/workflow';
import { type Outgoing, replyTo } from './outgoing-messages';

/**
 * The engine checks a start's arguments against the method's codec too: a client built from other code
 * (or another language) may not have checked them. Arguments that do not match are refused with
 * {@link InvalidArgumentsError}, nothing is recorded and the id stays free. Empty when they match.
 */
export const refuseInvalidArguments = (workflowClass: WorkflowClass, envelope: Envelope, message: MessageOf<'RunWorkflow'>, names: Names, at: number): Outgoing[] => {
  const codec = workflowClass.methods?.[message.method]?.args;
  if (!codec) return [];
  const decoded = codec.decode(message.args);
  if (!isLeft(decoded)) return [];
  const { workflowName, workflowId, parent } = message;
  const error = toErrorData(new InvalidArgumentsError(`${workflowName}.${message.method}`, formatValidationErrors(decoded.left, 'args')));
  if (parent) {
    return [{
      topic: names.workflowTopic(parent.workflowName), key: parent.workflowId,
      envelope: { v: 1, id: `${workflowId}:to-parent:${parent.seq}`, at, causationId: envelope.id, message: {
        kind: 'ChildWorkflowFailed', workflowName: parent.workflowName, workflowId: parent.workflowId, seq: parent.seq, error,
      } },
    }];
  }
  return message.replyTo === undefined ? [] : [replyTo({ workflowName, workflowId }, message.replyTo, envelope.id, { status: 'refused', error }, at)];
};
