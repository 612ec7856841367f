import type { WorkflowOutcome } from '../model/messages';
import type { Names } from '../model/names';
import { abandonedMethodMessages } from './method-outgoing';
import type { Outgoing } from './outgoing-messages';
import { abandonedUpdateMessages } from './update-abandoned';
import type { WorkflowInstance } from './workflow-instance';

/** The run ended as a completed one does for what ran beside its main method. */
const RUN_ENDED: WorkflowOutcome = { status: 'completed', result: null };

/**
 * A run that continues as new abandons the methods and updates still running in it, as an end does: each
 * caller is answered with `MethodAbandonedError` or `UpdateAbandonedError` (the next run does not run them).
 */
export const abandonedByContinue = (instance: WorkflowInstance, at: number, names: Names): Outgoing[] =>
  [...abandonedMethodMessages(instance, RUN_ENDED, at, names), ...abandonedUpdateMessages(instance, RUN_ENDED)];
