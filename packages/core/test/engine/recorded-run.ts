import { inboundEvents } from '../../src/engine/inbound-events';
import { progress } from '../../src/engine/progress';
import { rebuildState, replay } from '../../src/engine/replay';
import { decideRetry } from '../../src/engine/retry-decision';
import type { RecordedEvent } from '../../src/engine/stored-history';
import { WorkflowInstance } from '../../src/engine/workflow-instance';
import { noteApplied } from '../../src/engine/workflow-state';
import { NonDeterminismError } from '../../src/errors/non-determinism-error';
import type { HistoryEvent, HistoryEventOf } from '../../src/model/history-events';
import type { WorkflowMessage } from '../../src/model/messages';
import type { WorkflowClass } from '../../src/workflow/workflow';
import { turn, workflowStarted } from '../support/history';

/** A message to a workflow, without the fields that name the workflow. */
export type ToWorkflow = WorkflowMessage extends infer M ? (M extends WorkflowMessage ? Omit<M, 'workflowName' | 'workflowId'> : never) : never;

/**
 * One workflow run as the engine runs it, minus the store and the transport: each message is turned into
 * events by the engine's own `inboundEvents`, fed to the live instance, followed by what `progress`
 * decides, and recorded (as a store would hand them back: through JSON) with the message's id and time.
 */
export class RecordedRun {
  readonly recorded: RecordedEvent[] = [];
  /** False when the last message recorded nothing: the live instance's `time` is then that message's, later than the last event's. */
  lastRecorded = true;
  private at = 1_000;
  private sent = 0;

  private constructor(private readonly workflowClass: WorkflowClass, public instance: WorkflowInstance) {}

  /** Starts the workflow and records its start and first commands. */
  static async start(workflowClass: WorkflowClass, method: string, args: unknown[], workflowId = 'w1'): Promise<RecordedRun> {
    const started = workflowStarted(workflowClass.name, method, args) as HistoryEventOf<'WorkflowStarted'>;
    const run = new RecordedRun(workflowClass, new WorkflowInstance(workflowClass, started, workflowId));
    run.instance.time = run.at;
    run.instance.apply(started, 'live');
    await turn();
    run.record('run', [started, ...progress(run.instance)]);
    return run;
  }

  /** Handles one message as the engine would; returns the events it recorded (none for a step that is not open). */
  async send(message: ToWorkflow, id = `m${++this.sent}`): Promise<HistoryEvent[]> {
    this.at += 1_000;
    const { instance } = this;
    const full = { ...message, workflowName: instance.workflowName, workflowId: instance.workflowId } as WorkflowMessage;
    if (full.kind === 'RetryWorkflow') return this.retry(id);
    instance.time = this.at;
    const decided: HistoryEvent[] = [];
    for (const event of inboundEvents(instance, { v: 1, id, at: this.at, message: full }, full).events) {
      decided.push(event);
      if (instance.apply(event, 'live')) await turn();
    }
    decided.push(...progress(instance));
    return this.record(id, decided);
  }

  /** Loads the run again from its history with `workflowClass`, as a cache miss does: blocked when the code no longer matches. */
  async reload(workflowClass: WorkflowClass = this.workflowClass): Promise<void> {
    const revision = this.recorded.length - 1;
    try {
      this.instance = await replay(workflowClass, this.instance.workflowId, this.recorded, revision);
    } catch (error) {
      if (!(error instanceof NonDeterminismError)) throw error;
      this.instance = await rebuildState(workflowClass, this.instance.workflowId, this.recorded, revision);
      this.instance.broken = error;
    }
  }

  private async retry(id: string): Promise<HistoryEvent[]> {
    const decision = await decideRetry(this.workflowClass, this.instance.workflowId, this.recorded, this.recorded.length - 1, { causationId: id, at: this.at });
    if (decision.kind === 'refused') return [];
    this.instance = decision.instance;
    this.instance.time = this.at;
    this.instance.applied.delete(id);
    return this.record(id, [...decision.events, ...progress(this.instance)]);
  }

  private record(causationId: string, decided: HistoryEvent[]): HistoryEvent[] {
    this.lastRecorded = decided.length > 0;
    if (decided.length === 0) return decided;
    const stored = JSON.parse(JSON.stringify(decided)) as HistoryEvent[];
    this.recorded.push(...stored.map((event) => ({ event, metadata: { causationId, at: this.at } })));
    this.instance.revision = this.recorded.length - 1;
    noteApplied(this.instance.state, causationId, decided);
    return decided;
  }
}
