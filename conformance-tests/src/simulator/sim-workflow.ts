import { defineService, Deferred, type ServiceImplementation, taskContext, TerminalTaskError, Workflow } from '@cadenza/core';
import type { EffectsLedger } from './effects-ledger';
import { type Step, THROWING_CONSTRUCTOR } from './workload';

/** The one service of the workload: applies a named effect, failing as the step says. */
export interface SimEffects {
  apply(effect: string, mode: 'ok' | 'terminal' | 'broken', fails: number): Promise<string>;
}
export const SimEffects = defineService<SimEffects>('SimEffects');

/** Records each execution, fails as told, and applies the effect idempotently by task id. */
export const simEffects = (ledger: EffectsLedger): ServiceImplementation<SimEffects> => ({
  apply: async (effect, mode, fails) => {
    const { taskId, attempt } = taskContext();
    ledger.execution(taskId);
    if (mode === 'terminal') throw new TerminalTaskError(`${effect} refused for good`);
    if (mode === 'broken' && !ledger.fixed.has(effect)) throw new Error(`${effect} is broken until fixed`);
    if (attempt <= fails) throw new Error(`${effect} failed at attempt ${attempt}`);
    ledger.apply(effect, taskId);
    return `${effect}:ok`;
  },
});

/** What simulated workflow code throws: a bug in the user's code, which must fail the workflow. */
export class WorkflowBugError extends Error {
  override readonly name = 'WorkflowBugError';
}

/** Runs a script of steps; a child runs a script of its own. The result lists what each step returned. */
export class SimWorkflow extends Workflow {
  static readonly workflowName = 'SimWorkflow';
  private readonly effects = this.newService(SimEffects);
  private readonly child = this.newWorkflow(SimWorkflow);

  constructor() {
    super();
    if (this.workflowId.endsWith(THROWING_CONSTRUCTOR)) throw new WorkflowBugError(`${this.workflowId}: the constructor throws`);
  }

  async run(steps: Step[]): Promise<string[]> {
    const results: string[] = [];
    for (const step of steps) results.push(await this.step(step));
    return results;
  }

  private async step(step: Step): Promise<string> {
    switch (step.t) {
      case 'task': return this.effects.apply(step.id, 'ok', step.fails);
      case 'broken': return this.effects.apply(step.id, 'broken', 0);
      case 'terminal':
        if (!step.caught) return this.effects.apply(step.id, 'terminal', 0);
        try {
          return await this.effects.apply(step.id, 'terminal', 0);
        } catch {
          return `${step.id}:caught`;
        }
      case 'timer':
        await this.timer(step.ms);
        return `timer:${step.ms}`;
      case 'signal': return this.channel<string>(step.channel).receive();
      case 'parallel': return (await Deferred.all(...step.ids.map((id) => this.effects.apply(id, 'ok', 0)))).join(',');
      case 'child': return `child:${(await this.child.run([...step.steps])).join('+')}`;
      case 'throw': throw new WorkflowBugError(`${this.workflowId}: the workflow's code throws`);
    }
  }
}
