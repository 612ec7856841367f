import { WorkflowIdInUseError } from '../errors/workflow-id-in-use-error';
import type { Envelope } from '../model/envelope';
import { toErrorData } from '../model/error-data';
import type { MessageOf } from '../model/messages';
import type { Names } from '../model/names';
import { stableStringify } from './commands';
import { type Outgoing, replyTo } from './outgoing-messages';
import type { WorkflowInstance } from './workflow-instance';

/**
 * A start under the id of a running instance attaches to it only when it is the same start (same method
 * and arguments, and the same parent or none). Any other start is answered with {@link WorkflowIdInUseError}:
 * a client's request is refused, and another parent's step fails. Empty when the start may attach.
 */
export const startConflict = (instance: WorkflowInstance, envelope: Envelope, message: MessageOf<'RunWorkflow'>, names: Names, at: number): Outgoing[] => {
  const { started } = instance;
  const reason = message.method !== started.method || stableStringify(message.args) !== stableStringify(started.args)
    ? `as ${started.method} with other arguments`
    : message.parent && !sameParent(message.parent, started.parent) ? 'by another parent' : undefined;
  if (reason === undefined) return [];
  const error = toErrorData(new WorkflowIdInUseError(instance.workflowName, instance.workflowId, reason));
  const { parent } = message;
  if (parent) {
    return [{
      topic: names.workflowTopic(parent.workflowName), key: parent.workflowId,
      envelope: { v: 1, id: `${instance.workflowId}:to-parent:${parent.workflowId}:${parent.seq}`, at, causationId: envelope.id, message: {
        kind: 'ChildWorkflowFailed', workflowName: parent.workflowName, workflowId: parent.workflowId, seq: parent.seq, error,
      } },
    }];
  }
  const ref = { workflowName: instance.workflowName, workflowId: instance.workflowId };
  return message.replyTo === undefined ? [] : [replyTo(ref, message.replyTo, envelope.id, { status: 'refused', error }, at)];
};

const sameParent = (a: MessageOf<'RunWorkflow'>['parent'], b: MessageOf<'RunWorkflow'>['parent']): boolean =>
  a?.workflowName === b?.workflowName && a?.workflowId === b?.workflowId && a?.seq === b?.seq;
