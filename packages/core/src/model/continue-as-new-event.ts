import * as t from 'io-ts';
import { JsonValue } from './json';

/**
 * The main method returned `this.continueAsNew(...args)`: this run ended and run number `run` (1 for the first
 * continuation) starts in the same stream, right after this event, with `args` and an empty history. The
 * engine replays only the events after the last of these (and trims those before it where the store can).
 */
export const WorkflowContinuedAsNew = t.type({ type: t.literal('WorkflowContinuedAsNew'), args: t.array(JsonValue), run: t.number });

/**
 * What a `WorkflowStarted` of a continued run adds: `continued` runs came before it; its steps are numbered
 * from `firstSeq` on (after the previous run's, so a late answer to a step of that run matches no step of this
 * one); `firstArgs` are the arguments of the first run, which a copy of the original start still attaches to.
 * `retries`: the `retry` rounds of the runs before (absent: none), so that what this run sends after a retry
 * (its outcome to a parent, its rechecks) keeps ids of its own. `runId`: this run's id (see `workflowRunId`),
 * distinct from the previous run's even when one message continued both. `appliedIds`: the ids of the messages
 * the runs before applied (at most `MAX_CARRIED_APPLIED_IDS`, the latest), so that a late copy of one is known
 * as a copy and not applied to this run again.
 */
export const ContinuedRunFields = t.partial({
  continued: t.number, firstSeq: t.number, firstArgs: t.array(JsonValue), retries: t.number, runId: t.string, appliedIds: t.array(t.string),
});
