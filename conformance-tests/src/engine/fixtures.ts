import { defineService, Deferred, type ServiceImplementation, taskContext, TerminalTaskError, Workflow } from '@cadenza/core';

/** A service whose behaviour each test sets: how many attempts fail, how long a call takes. */
export interface Flaky {
  run(label: string): Promise<string>;
}
export const Flaky = defineService<Flaky>('Flaky');

export interface FlakyState {
  /** Attempts seen per task id. */
  readonly attempts: Map<string, number>;
  /** Attempts that fail before one succeeds, per label; `Infinity` fails for good. */
  failures: Map<string, number>;
  /** Labels that throw a non-retriable error. */
  terminal: Set<string>;
  /** The attempt numbers and last errors seen, per label. */
  readonly seen: Array<{ label: string; attempt: number; lastError?: string }>;
  /** What each label's task knew of its workflow. */
  readonly contexts: Map<string, { workflowId: string; tags: readonly string[]; meta: Readonly<Record<string, string>> }>;
}

export const flakyState = (): FlakyState => ({ attempts: new Map(), failures: new Map(), terminal: new Set(), seen: [], contexts: new Map() });

export const flakyService = (state: FlakyState): ServiceImplementation<Flaky> => ({
  run: async (label) => {
    const { taskId, attempt, lastError, workflowId, tags, meta } = taskContext();
    state.contexts.set(label, { workflowId, tags, meta });
    state.attempts.set(taskId, (state.attempts.get(taskId) ?? 0) + 1);
    state.seen.push({ label, attempt, ...(lastError ? { lastError: lastError.message } : {}) });
    if (state.terminal.has(label)) throw new TerminalTaskError(`${label} cannot be done`);
    const fails = state.failures.get(label) ?? 0;
    if (attempt <= fails) throw new Error(`${label} failed at attempt ${attempt}`);
    return `${label}:done`;
  },
});

/** Runs three steps in sequence, the middle one in a try/catch-free path: a failure fails the workflow. */
export class SequenceWorkflow extends Workflow {
  private readonly flaky = this.newService(Flaky);
  async run(labels: string[]): Promise<string[]> {
    const results: string[] = [];
    for (const label of labels) results.push(await this.flaky.run(label));
    return results;
  }
}

/** Runs its tasks in parallel and returns them in order; or the first to finish. */
export class ParallelWorkflow extends Workflow {
  private readonly flaky = this.newService(Flaky);
  async all(labels: string[]): Promise<string[]> {
    return Deferred.all(...labels.map((label) => this.flaky.run(label)));
  }
  async any(labels: string[]): Promise<string> {
    return Deferred.any(...labels.map((label) => this.flaky.run(label)));
  }
}

/** Waits on a timer, a channel, and a child; reads the deterministic clock and random source. */
export class FeaturesWorkflow extends Workflow {
  private readonly flaky = this.newService(Flaky);
  private readonly child = this.newWorkflow(SequenceWorkflow);

  async sleep(ms: number): Promise<{ started: number; woke: number }> {
    const started = this.now();
    await this.timer(ms);
    return { started, woke: this.now() };
  }

  async approvals(count: number): Promise<string[]> {
    const channel = this.channel<string>('approvals');
    const received: string[] = [];
    for (let i = 0; i < count; i++) received.push(await channel.receive());
    return received;
  }

  async parent(labels: string[]): Promise<{ child: string[]; own: string }> {
    const child = await this.child.run(labels);
    return { child, own: await this.flaky.run('after-child') };
  }

  async dice(): Promise<number[]> {
    const first = this.random();
    await this.flaky.run('roll');
    return [first, this.random()];
  }
}
