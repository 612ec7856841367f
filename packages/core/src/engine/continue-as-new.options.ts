/**
 * How many ids of applied messages a run that continues as new carries to the next run (the latest ones): a
 * late copy of a message applied that many messages or more before the switch is no longer known as a copy.
 * It bounds what each run's `WorkflowStarted` holds, so a workflow that continues as new forever keeps a
 * bounded history.
 */
export const MAX_CARRIED_APPLIED_IDS = 1000;
