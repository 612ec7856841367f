import { createNames } from '@cadenza/core';
import { SIM_NAMESPACE, type SeedRun } from './run-seed';
import { SimWorkflow } from './sim-workflow';
import { expectedEffects, expectedOutcome, type Outcome, type ScriptedWorkflow, type Step } from './workload';

/** The invariants, by the name a report gives them. */
export type InvariantName =
  | 'never-stuck' | 'outcome' | 'fault-free-outcome' | 'effect-once' | 'effect-applied' | 'unexpected-effect'
  | 'bounded-history' | 'history-cleared' | 'bounded-outcomes' | 'no-dead-letter' | 'no-unhandled-rejection' | 'no-errors';

/** A broken invariant, naming the workflow it concerns when there is one. */
export interface Violation {
  readonly invariant: InvariantName;
  readonly workflowId?: string;
  readonly message: string;
}

const show = (outcome: Outcome | undefined): string => (outcome ? JSON.stringify(outcome) : 'nothing');
const same = (a: Outcome | undefined, b: Outcome | undefined): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Events a history may hold: a few per step, doubled for a rerun after retry, plus bookkeeping. */
const countSteps = (steps: readonly Step[]): number => steps.reduce((n, s) => n + (s.t === 'child' ? 1 + countSteps(s.steps) : s.t === 'parallel' ? s.ids.length : 1), 0);
const historyBound = (w: ScriptedWorkflow): number => 20 + 8 * countSteps(w.steps);

/**
 * Judges a run: every workflow ends as its script says (and as in the fault-free run of the same seed),
 * each effect is applied once and every required one is applied, histories stay bounded and ended ones
 * are cleared, kept outcomes are swept once their retention passed, nothing went to the dead letter, and nothing was rejected unhandled or failed in the client.
 */
export const checkRun = (run: SeedRun, faultFree?: SeedRun): Violation[] => {
  const violations: Violation[] = [];
  const names = createNames(SIM_NAMESPACE);
  const allowedEverywhere = new Set<string>();
  for (const w of run.workload) {
    const expected = expectedOutcome(w);
    const actual = run.outcomes.get(w.workflowId);
    const baseline = faultFree?.outcomes.get(w.workflowId);
    const script = `${w.ending} script ${JSON.stringify(w.steps)}`;
    if (faultFree && !same(baseline, expected)) {
      violations.push({ invariant: 'fault-free-outcome', workflowId: w.workflowId, message: `without faults ${show(baseline)}, expected ${show(expected)} (${script})` });
    }
    if (!same(actual, expected)) {
      const invariant = actual?.status === 'stuck' ? 'never-stuck' : 'outcome';
      const against = faultFree && !same(baseline, actual) ? `; the fault-free run gave ${show(baseline)}` : '';
      violations.push({ invariant, workflowId: w.workflowId, message: `got ${show(actual)}, expected ${show(expected)}${against} (${script})` });
    }
    const effects = expectedEffects(w);
    effects.allowed.forEach((e) => allowedEverywhere.add(e));
    // A workflow that ended wrongly has its effects judged by its outcome's violation, not twice.
    if (same(actual, expected)) {
      for (const effect of effects.required) {
        if (!run.ledger.effects.has(effect)) violations.push({ invariant: 'effect-applied', workflowId: w.workflowId, message: `effect ${effect} was never applied` });
      }
    }
    const stream = names.workflowStream(SimWorkflow.workflowName, w.workflowId);
    const length = run.history.lengths.get(stream) ?? 0;
    if (length > historyBound(w)) {
      violations.push({ invariant: 'bounded-history', workflowId: w.workflowId, message: `history ${stream} holds ${length} events, bound ${historyBound(w)}` });
    }
    const ended = actual?.status === 'completed' || actual?.status === 'canceled';
    if (ended && same(actual, expected) && !run.history.deleted.has(stream)) {
      violations.push({ invariant: 'history-cleared', workflowId: w.workflowId, message: `history ${stream} is still there after the workflow ${actual.status}` });
    }
  }
  for (const [effect, taskIds] of run.ledger.effects) {
    const workflowId = `wf-${effect.split('.')[0]}`;
    if (taskIds.length > 1) violations.push({ invariant: 'effect-once', workflowId, message: `effect ${effect} applied ${taskIds.length} times, by task ids ${taskIds.join(', ')}` });
    if (!allowedEverywhere.has(effect)) violations.push({ invariant: 'unexpected-effect', workflowId, message: `effect ${effect} applied by ${taskIds.join(', ')}, which its script does not reach` });
  }
  for (const letter of run.deadLetters) violations.push({ invariant: 'no-dead-letter', ...(letter.workflowId !== undefined ? { workflowId: letter.workflowId } : {}), message: letter.description });
  for (const stream of run.lingering) {
    violations.push({ invariant: 'bounded-outcomes', message: `the outcome of ${stream} outlived its retention of ${run.retention?.retentionMs} ms by several sweeps` });
  }
  for (const reason of run.unhandled) violations.push({ invariant: 'no-unhandled-rejection', message: reason });
  for (const error of run.errors) violations.push({ invariant: 'no-errors', message: error });
  return violations;
};
