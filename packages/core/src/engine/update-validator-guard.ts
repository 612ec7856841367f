import { UpdateRefusedError } from '../errors/update-refused-error';

/** The reason an update is refused with when its validator asked for a step. */
const NOT_READ_ONLY = 'its validator is not read-only: it asked for ';

/**
 * The refusal of an update whose validator asked for `step`: a validator runs live only, never on replay, so a
 * step it took would be recorded with nothing to produce it again (replay would block the workflow).
 */
export const notReadOnlyValidator = (workflowName: string, workflowId: string, update: string, step: string): UpdateRefusedError =>
  new UpdateRefusedError(workflowName, workflowId, update, `${NOT_READ_ONLY}${step}`);

/** Whether `error` is the refusal {@link notReadOnlyValidator} makes. */
export const isNotReadOnly = (error: unknown): error is UpdateRefusedError =>
  error instanceof UpdateRefusedError && error.reason.startsWith(NOT_READ_ONLY);
