import { WorkflowIdInUseError } from '../errors/workflow-id-in-use-error';
import type { Envelope } from '../model/envelope';
import { toErrorData } from '../model/error-data';
import type { MessageOf } from '../model/messages';
import type { Names } from '../model/names';
import { stableStringify } from './commands';
import { type Outgoing, replyTo } from './outgoing-messages';

/** The instance a start meets: how it was started. */
export interface StartedInstance {
  readonly workflowName: string;
  readonly workflowId: string;
  readonly started: { readonly method: string; readonly args: readonly unknown[]; readonly parent?: MessageOf<'RunWorkflow'>['parent'] };
}

/**
 * A start under the id of a running instance attaches to it only when it is the same start (same method
 * and arguments, and the same parent or none). Any other start is answered with {@link WorkflowIdInUseError}:
 * a client's request is refused, and another parent's step fails. Empty when the start may attach. Under
 * the id of an `ended` instance any parent may attach (it gets the outcome); only the method and arguments count.
 */
export const startConflict = (instance: StartedInstance, envelope: Envelope, message: MessageOf<'RunWorkflow'>, names: Names, at: number, state: 'running' | 'ended' = 'running'): Outgoing[] => {
  const { started } = instance;
  const reason = message.method !== started.method || stableStringify(message.args) !== stableStringify(started.args)
    ? `as ${started.method} with other arguments`
    : state === 'running' && message.parent && !sameParent(message.parent, started.parent) ? 'by another parent' : undefined;
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

/** The same parent step, or both none. */
export const sameParent = (a: MessageOf<'RunWorkflow'>['parent'], b: MessageOf<'RunWorkflow'>['parent']): boolean =>
  a?.workflowName === b?.workflowName && a?.workflowId === b?.workflowId && a?.seq === b?.seq;
