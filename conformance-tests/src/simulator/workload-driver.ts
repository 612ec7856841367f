import { type Client, hasErrorCode } from '@cadenza/core';
import type { EffectsLedger } from './effects-ledger';
import { SimWorkflow } from './sim-workflow';
import type { VirtualClock } from './virtual-clock';
import type { Outcome, ScriptedWorkflow } from './workload';

/** After a workflow fails at its broken step, the operator fixes the step and retries this much later. */
const RETRY_AFTER_MS = 500;

/** What a result promise's rejection means for the outcome. */
const outcomeOfError = (error: unknown): Outcome => {
  if (hasErrorCode(error, 'WORKFLOW_CANCELED')) return { status: 'canceled' };
  const cause = (error as { cause?: { code?: unknown; name?: unknown } }).cause;
  // A Cadenza cause by its code; an error the workflow's own code threw by its name.
  if (hasErrorCode(error, 'WORKFLOW_FAILED')) return { status: 'failed', cause: String(cause?.code ?? cause?.name ?? 'no cause') };
  return { status: 'failed', cause: `${String((error as { code?: unknown }).code ?? 'no code')}: ${(error as Error).message}` };
};

/** Whether the workflow cannot end as its script says without receiving every signal sent to it. */
const mustReceiveSignals = (w: ScriptedWorkflow): boolean => w.ending === 'completes' || w.ending === 'retried';

/**
 * Plays the client's part of the workload on the virtual clock: starts each workflow, sends its signals,
 * cancels it, or fixes and retries it after its failure, and records the final outcome it sees.
 */
export const driveWorkload = (client: Client, workload: readonly ScriptedWorkflow[], clock: VirtualClock, ledger: EffectsLedger, clientErrors: string[]): Map<string, Outcome> => {
  const outcomes = new Map<string, Outcome>();
  const at = (time: number, run: () => void) => clock.setTimer(time, run);
  const origin = clock.now();
  const failed = (w: ScriptedWorkflow, what: string) => (error: unknown) => clientErrors.push(`${w.workflowId}: ${what} failed: ${String(error)}`);

  const afterRetry = (w: ScriptedWorkflow) => {
    const broken = w.steps.find((s) => s.t === 'broken');
    if (broken?.t === 'broken') ledger.fixed.add(broken.id);
    const handle = client.getById(SimWorkflow, w.workflowId);
    // Retry and the new wait go out in this order on the workflow's key, so the wait sees the rerun.
    handle.retry().catch(failed(w, 'retry'));
    handle.result().then((result) => outcomes.set(w.workflowId, { status: 'completed', result }), (error: unknown) => outcomes.set(w.workflowId, outcomeOfError(error)));
  };

  for (const w of workload) {
    const start = origin + w.startAt;
    at(start, () => {
      const stub = client.newWorkflow(SimWorkflow, { id: w.workflowId });
      client.dispatch(stub.run, [...w.steps])
        .then((handle) => handle.result())
        .then((result) => outcomes.set(w.workflowId, { status: 'completed', result }), (error: unknown) => {
          const outcome = outcomeOfError(error);
          if (w.ending === 'retried' && outcome.status === 'failed') at(clock.now() + RETRY_AFTER_MS, () => afterRetry(w));
          else outcomes.set(w.workflowId, outcome);
        });
    });
    for (const signal of w.signals) {
      at(start + signal.after, () => void client.getById(SimWorkflow, w.workflowId).send(signal.channel, signal.value).catch((error: unknown) => {
        // A workflow whose script fails, throws or is canceled may end before its signal comes: the engine
        // then refuses the signal, rightly. One that completes needs the signal, so a refusal is an error.
        if (hasErrorCode(error, 'WORKFLOW_UNKNOWN') && !mustReceiveSignals(w)) return;
        failed(w, `signal ${signal.channel}`)(error);
      }));
    }
    if (w.cancelAfter !== undefined) {
      at(start + w.cancelAfter, () => void client.getById(SimWorkflow, w.workflowId).cancel('the workload cancels it').catch(failed(w, 'cancel')));
    }
  }
  return outcomes;
};
