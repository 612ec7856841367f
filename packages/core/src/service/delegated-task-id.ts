import { ENTITY_NAME } from '../model/names';

/** Where a delegated task's outcome goes: its workflow instance, its step and `retry` round, and its method. */
export interface DelegatedTaskRef {
  readonly workflowName: string;
  readonly workflowId: string;
  readonly seq: number;
  readonly method: string;
  readonly retry: number;
}

/**
 * The id a delegated task is completed by: `<workflowId>:<seq>/<Workflow>.<method>/r<retry>`, the task's
 * ordinary id (`<workflowId>:<seq>`) followed by what routes its completion to the instance without any
 * lookup (the workflow's name, the method, percent-encoded, for its result codec, and the `retry` round).
 * It is the same for every attempt of the task, and changes only when `retry` of the workflow runs it again,
 * so a completion of a round that a retry replaced is recognised as late.
 */
export const delegatedTaskId = (ref: DelegatedTaskRef): string =>
  `${ref.workflowId}:${ref.seq}/${ref.workflowName}.${encodeURIComponent(ref.method)}/r${ref.retry}`;

const TAIL = /\/([A-Za-z][A-Za-z0-9_-]{0,127})\.([^/]+)\/r(0|[1-9][0-9]{0,8})$/;
const STEP = /:([1-9][0-9]{0,8})$/;

/** The parts of a {@link delegatedTaskId}, or undefined for a string that is not one. */
export const parseDelegatedTaskId = (id: unknown): DelegatedTaskRef | undefined => {
  if (typeof id !== 'string' || id.length > 2_048) return undefined;
  const tail = TAIL.exec(id);
  if (!tail) return undefined;
  const task = id.slice(0, tail.index);
  const step = STEP.exec(task);
  if (!step || step.index === 0) return undefined;
  let method: string;
  try {
    method = decodeURIComponent(tail[2]!);
  } catch {
    return undefined;
  }
  if (!ENTITY_NAME.test(tail[1]!)) return undefined;
  return { workflowName: tail[1]!, workflowId: task.slice(0, step.index), seq: Number(step[1]), method, retry: Number(tail[3]) };
};
