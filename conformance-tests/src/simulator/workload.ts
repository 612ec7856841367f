import type { Prng } from './prng';

/** One step of a simulated workflow; `id` names the task's effect and is unique in the run. */
export type Step =
  | { readonly t: 'task'; readonly id: string; readonly fails: number }
  | { readonly t: 'terminal'; readonly id: string; readonly caught: boolean }
  | { readonly t: 'broken'; readonly id: string }
  | { readonly t: 'timer'; readonly ms: number }
  | { readonly t: 'signal'; readonly channel: string }
  | { readonly t: 'parallel'; readonly ids: readonly string[] }
  | { readonly t: 'child'; readonly id: string; readonly steps: readonly Step[] }
  /** The workflow's own code throws a `WorkflowBugError` here. */
  | { readonly t: 'throw' };

/** How the script of a workflow ends. */
export type Ending = 'completes' | 'fails' | 'retried' | 'canceled' | 'throws';

/** A workflow of the workload: what it runs, when the client starts it, and what the client does to it. */
export interface ScriptedWorkflow {
  readonly workflowId: string;
  readonly steps: readonly Step[];
  readonly ending: Ending;
  readonly startAt: number;
  /** Signals the client sends, by channel, at these offsets from the start. */
  readonly signals: ReadonlyArray<{ readonly channel: string; readonly value: string; readonly after: number }>;
  /** For `canceled`: when the client cancels, from the start. */
  readonly cancelAfter?: number;
}

/** The outcome a workflow's client sees; `stuck` is no outcome at all when the run has ended. */
export type Outcome =
  | { readonly status: 'completed'; readonly result: unknown }
  | { readonly status: 'failed'; readonly cause: string }
  | { readonly status: 'canceled' }
  | { readonly status: 'stuck' };

/** How many retriable failures an ordinary task has before it succeeds; below the retry policy's attempts. */
const FAILS = [0, 0, 0, 0, 1, 2];

const plainSteps = (rng: Prng, prefix: string, count: number): Step[] => Array.from({ length: count }, (_, i): Step => {
  const id = `${prefix}.${i}`;
  const roll = rng.int(0, 9);
  if (roll <= 4) return { t: 'task', id, fails: rng.pick(FAILS) };
  if (roll <= 6) return { t: 'timer', ms: rng.int(1, 50) * 100 };
  if (roll === 7) return { t: 'terminal', id, caught: true };
  return { t: 'parallel', ids: Array.from({ length: rng.int(2, 3) }, (_, j) => `${id}.${j}`) };
});

/** The id suffix that makes a simulated workflow's constructor throw. */
export const THROWING_CONSTRUCTOR = '-ctor-throws';

/**
 * The workload of a seed: 3 to 6 workflows, each a mix of tasks, timers, signals and children. With
 * `throwing`, some workflows' code throws (the draw is made either way, so the rest stays the same).
 */
export const generateWorkload = (rng: Prng, throwing = false): ScriptedWorkflow[] => Array.from({ length: rng.int(3, 6) }, (_, w) => {
  const throws = rng.chance(0.3) && throwing;
  const inConstructor = rng.chance(0.5);
  const workflowId = `wf-${w}${throws && inConstructor ? THROWING_CONSTRUCTOR : ''}`;
  const steps = plainSteps(rng, `${w}`, rng.int(1, 4));
  const signals: Array<{ channel: string; value: string; after: number }> = [];
  if (rng.chance(0.4)) {
    const channel = `go-${w}`;
    steps.splice(rng.int(0, steps.length), 0, { t: 'signal', channel });
    // Sent once the start is on the broker (the client would await dispatch first): a signal to an
    // instance that does not exist yet is dropped, as the design says.
    signals.push({ channel, value: `${channel}:sent`, after: rng.int(1, 80) * 100 });
  }
  if (rng.chance(0.3)) steps.push({ t: 'child', id: `${w}.child`, steps: plainSteps(rng, `${w}.child`, rng.int(1, 3)).filter((s) => s.t !== 'terminal') });
  const drawn = rng.pick<Ending>(['completes', 'completes', 'completes', 'fails', 'retried', 'canceled']);
  const startAt = rng.int(0, 30) * 100;
  const ending: Ending = throws ? 'throws' : drawn;
  switch (ending) {
    case 'fails':
      steps.splice(rng.int(0, steps.length), 0, { t: 'terminal', id: `${w}.end`, caught: false });
      return { workflowId, steps, ending, startAt, signals };
    case 'retried':
      steps.splice(rng.int(0, steps.length), 0, { t: 'broken', id: `${w}.end` });
      return { workflowId, steps, ending, startAt, signals };
    case 'throws':
      if (!inConstructor) steps.splice(rng.int(0, steps.length), 0, { t: 'throw' });
      return { workflowId, steps, ending, startAt, signals };
    case 'canceled':
      // A channel nobody sends to: the workflow waits there until the client cancels it.
      steps.push({ t: 'signal', channel: `never-${w}` });
      return { workflowId, steps, ending, startAt, signals, cancelAfter: rng.int(20, 200) * 100 };
    default:
      return { workflowId, steps, ending, startAt, signals };
  }
});

/** What a step's code returns, as the workflow pushes it into its result. */
const resultOf = (step: Step, signals: ScriptedWorkflow['signals']): string => {
  switch (step.t) {
    case 'task': return `${step.id}:ok`;
    case 'broken': return `${step.id}:ok`;
    case 'terminal': return `${step.id}:caught`;
    case 'timer': return `timer:${step.ms}`;
    case 'signal': return signals.find((s) => s.channel === step.channel)?.value ?? '';
    case 'parallel': return step.ids.map((id) => `${id}:ok`).join(',');
    case 'child': return `child:${step.steps.map((s) => resultOf(s, [])).join('+')}`;
    case 'throw': return '';
  }
};

/** The outcome the script calls for. */
export const expectedOutcome = (w: ScriptedWorkflow): Outcome => {
  switch (w.ending) {
    case 'fails': return { status: 'failed', cause: 'TASK_FAILED' };
    case 'throws': return { status: 'failed', cause: 'WorkflowBugError' };
    case 'canceled': return { status: 'canceled' };
    default: return { status: 'completed', result: w.steps.map((step) => resultOf(step, w.signals)) };
  }
};

/** Effects (task ids of the service's own) that must be applied once each when the run ends. */
export const expectedEffects = (w: ScriptedWorkflow): { readonly required: string[]; readonly allowed: string[] } => {
  const effects = (steps: readonly Step[]): string[] => steps.flatMap((step) => {
    switch (step.t) {
      case 'task': case 'broken': return [step.id];
      case 'parallel': return [...step.ids];
      case 'child': return effects(step.steps);
      default: return [];
    }
  });
  const all = effects(w.steps);
  if (w.ending === 'canceled') return { required: [], allowed: all };
  if (w.ending === 'throws' && w.workflowId.endsWith(THROWING_CONSTRUCTOR)) return { required: [], allowed: [] };
  if (w.ending === 'fails' || w.ending === 'throws') {
    const failing = w.steps.findIndex((s) => (s.t === 'terminal' && !s.caught) || s.t === 'throw');
    const before = effects(w.steps.slice(0, failing));
    return { required: before, allowed: before };
  }
  return { required: all, allowed: all };
};
