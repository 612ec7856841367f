import { NotRegisteredError } from '../errors/not-registered-error';
import { UpdateRefusedError } from '../errors/update-refused-error';
import { toErrorData } from '../model/error-data';
import type { HistoryEventOf } from '../model/history-events';
import { jsonCopy } from '../support/json-copy';
import type { UpdateDeclarations } from '../workflow/channel-updates';
import { serializable } from './serializable';
import { isNotReadOnly } from './update-validator-guard';

/** Who the update is for, and what it may call. */
export interface UpdateTarget {
  readonly workflowName: string;
  readonly workflowId: string;
  readonly declarations: UpdateDeclarations | undefined;
  /** The live workflow object; undefined when its code does not run (blocked, or its constructor threw). */
  readonly workflow: object | undefined;
  /** Runs the validator read-only: a step it asks for throws {@link UpdateRefusedError}, which then stands. */
  readonly readOnly?: <T>(validate: () => T) => T;
}

/**
 * Why an update is refused before anything is recorded, or undefined when it is accepted: a name the class
 * does not declare in `static updates` with a method of its own ({@link NotRegisteredError}), code that does not
 * run, or a validator that returned a reason or threw ({@link UpdateRefusedError}). A validator runs live only,
 * never on replay, so it must be read-only: one that asks for a step (a task, `inline`, `random()`, `uuid()`, ...)
 * refuses the update ("its validator is not read-only"), even when it caught the error the step threw.
 */
export const refusalOfUpdate = (target: UpdateTarget, name: string, value: unknown): Error | undefined => {
  const declaration = Object.prototype.hasOwnProperty.call(target.declarations ?? {}, name) ? target.declarations![name] : undefined;
  const handler = (target.workflow as Record<string, unknown> | undefined)?.[name];
  if (!declaration || (target.workflow && typeof handler !== 'function')) {
    return new NotRegisteredError('update', `${target.workflowName}.${name}`, Object.keys(target.declarations ?? {}));
  }
  if (!target.workflow) return new UpdateRefusedError(target.workflowName, target.workflowId, name, 'the workflow code is not running');
  if (!declaration.validator) return undefined;
  const validator = declaration.validator as (this: object, value: unknown) => string | undefined;
  const copied = jsonCopy(value);
  const validate = () => validator.call(target.workflow!, copied);
  try {
    const reason = target.readOnly ? target.readOnly(validate) : validate();
    return reason === undefined ? undefined : new UpdateRefusedError(target.workflowName, target.workflowId, name, String(reason));
  } catch (error) {
    if (isNotReadOnly(error)) return error;
    return new UpdateRefusedError(target.workflowName, target.workflowId, name, `its validator threw: ${(error as Error)?.message ?? String(error)}`);
  }
};

/**
 * Runs the handler of an accepted update on the workflow object; `settled` gets the `UpdateCompleted` to record
 * once the handler's promise settles (its result, or the error it threw or a result that cannot be recorded).
 */
export const runUpdateHandler = (workflow: object, accepted: HistoryEventOf<'UpdateAccepted'>, settled: (completed: HistoryEventOf<'UpdateCompleted'>) => void): void => {
  const base = { type: 'UpdateCompleted' as const, updateId: accepted.updateId, ...(accepted.replyTo !== undefined ? { replyTo: accepted.replyTo } : {}) };
  const failed = (error: unknown) => settled({ ...base, error: toErrorData(error) });
  try {
    const handler = (workflow as Record<string, (value: unknown) => unknown>)[accepted.name]!;
    Promise.resolve(handler.call(workflow, jsonCopy(accepted.value))).then((result) => {
      try {
        const value = serializable(result, `the result of update ${accepted.name}`);
        settled(value === undefined ? base : { ...base, result: value });
      } catch (error) {
        failed(error);
      }
    }, failed);
  } catch (error) {
    failed(error);
  }
};
