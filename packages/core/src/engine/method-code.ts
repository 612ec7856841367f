import type { HistoryEventOf } from '../model/history-events';
import { type CodeOutcome, type CodeSettledListener, callWorkflowMethod } from './workflow-host';

/** Told how one method run's code ended; the first outcome stands. */
class MethodRunListener implements CodeSettledListener {
  constructor(private readonly code: MethodCode, private readonly methodRun: number) {}
  codeSettled(outcome: CodeOutcome): void {
    this.code.settled(this.methodRun, outcome);
  }
}

/**
 * The code of the methods started on an instance beside its main method (see `MethodStarted`): each runs on
 * the instance's one workflow object, so they share its properties, and their steps take the instance's
 * sequence numbers, in the order the code asks for them. Keeps how each ended until the engine records it.
 */
export class MethodCode {
  private readonly outcomes = new Map<number, CodeOutcome>();
  /** Runs that ended since the engine last looked, in the order they ended. */
  private ended: number[] = [];

  /** Starts the method of `event` on `workflow` (undefined when the workflow's constructor threw: the run fails). */
  start(workflow: object | undefined, workflowName: string, event: HistoryEventOf<'MethodStarted'>): void {
    const listener = new MethodRunListener(this, event.methodRun);
    if (!workflow) {
      listener.codeSettled({ done: true, ok: false, error: new Error(`${workflowName} could not be constructed: method ${event.method} cannot run`) });
      return;
    }
    callWorkflowMethod(workflow, workflowName, event.method, event.args, listener);
  }

  /** @internal */
  settled(methodRun: number, outcome: CodeOutcome): void {
    if (this.outcomes.has(methodRun)) return;
    this.outcomes.set(methodRun, outcome);
    this.ended.push(methodRun);
  }

  /** The runs that ended since the last call, oldest run first, with how each ended; then forgotten. */
  takeEnded(): Array<{ methodRun: number; outcome: CodeOutcome }> {
    if (this.ended.length === 0) return [];
    const ended = this.ended.sort((a, b) => a - b).map((methodRun) => ({ methodRun, outcome: this.outcomes.get(methodRun)! }));
    for (const { methodRun } of ended) this.outcomes.delete(methodRun);
    this.ended = [];
    return ended;
  }
}
