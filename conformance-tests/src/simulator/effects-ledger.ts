/**
 * The external world of a run, as a database behind the simulated service would be: it records every
 * execution of a task attempt and applies each effect idempotently by `taskContext().taskId`. A second
 * application of an effect under another task id is a duplicate effect: the engine ran one step twice.
 */
export class EffectsLedger {
  /** Executions (attempts that reached the service) per task id, failed ones included. */
  readonly executions = new Map<string, number>();
  /** Task ids that applied each effect, in order; exactly one is the invariant. */
  readonly effects = new Map<string, string[]>();
  /** Effect ids the run's operator "fixed": their task stops failing (for retry-from-failure). */
  readonly fixed = new Set<string>();
  private readonly applied = new Set<string>();

  execution(taskId: string): void {
    this.executions.set(taskId, (this.executions.get(taskId) ?? 0) + 1);
  }

  /** Applies `effect` for `taskId`; a repeat of the same task id changes nothing. */
  apply(effect: string, taskId: string): void {
    if (this.applied.has(taskId)) return;
    this.applied.add(taskId);
    this.effects.set(effect, [...(this.effects.get(effect) ?? []), taskId]);
  }

  /** Attempts that ran more than once per task id: redeliveries the idempotency key absorbed. */
  repeatedExecutions(): number {
    let repeats = 0;
    for (const n of this.executions.values()) repeats += Math.max(0, n - 1);
    return repeats;
  }
}
