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
 */
export const ContinuedRunFields = t.partial({ continued: t.number, firstSeq: t.number, firstArgs: t.array(JsonValue) });
