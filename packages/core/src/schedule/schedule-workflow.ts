import { Deferred } from '../workflow/deferred';
import { Workflow, type WorkflowClass } from '../workflow/workflow';
import { nextTickOf, type ScheduleSpec } from './schedule-spec';
import { type ScheduleControl, type ScheduleDescription, INITIAL_SCHEDULE_STATE, type ScheduleState } from './schedule-state';

/** The name of the built-in workflow that runs schedules; register it with `worker.registerSchedules()`. */
export const SCHEDULE_WORKFLOW_NAME = 'CadenzaSchedule';
/** How many tick times `describe` lists. */
const NEXT_RUN_TIMES = 3;

/** A workflow class known only by name, for a stub of it (the schedule starts any registered workflow). */
const named = (workflowName: string): WorkflowClass => ({ workflowName }) as unknown as WorkflowClass;

/** What the schedule's workflow returns once deleted. */
export interface ScheduleSummary {
  readonly started: number;
  readonly skipped: number;
  readonly pausedTicks: number;
}

/**
 * A schedule is this workflow, one instance per schedule id: owned by one engine at a time (key ownership),
 * durable, replayed like any other. It loops: wait for the next tick (a timer) or a control signal; at a tick
 * start the target as a child with the id `<scheduleId>@<tick ISO time>` (a copy of that start, from any
 * worker, attaches to the same run), unless `overlap` says otherwise; every `ticksPerRun` ticks, when no run it
 * started is still running, it continues as new, so its history stays bounded.
 */
export class CadenzaSchedule extends Workflow {
  static readonly workflowName = SCHEDULE_WORKFLOW_NAME;
  static readonly queries = ['describe'];

  private spec?: ScheduleSpec;
  private state: ScheduleState = INITIAL_SCHEDULE_STATE;
  private readonly running = new Map<string, Deferred<unknown>>();
  private bufferedTick?: number;
  private readonly control = this.channel<ScheduleControl>('control');

  async run(spec: ScheduleSpec, given: ScheduleState = INITIAL_SCHEDULE_STATE): Promise<ScheduleSummary> {
    this.spec = spec;
    this.state = { ...given, anchor: given.anchor ?? this.now() };
    let ticks = 0;
    let signal = this.control.receive();
    for (;;) {
      this.forgetEnded();
      this.startBuffered();
      if (ticks >= spec.ticksPerRun && this.running.size === 0 && this.bufferedTick === undefined) {
        return this.continueAsNew<[ScheduleSpec, ScheduleState]>(spec, { ...this.state, continued: this.state.continued + 1 });
      }
      const next = nextTickOf(spec, this.state.anchor!, this.after());
      const timer = next === undefined ? undefined : this.timer(new Date(next));
      const waits = [signal, ...(timer ? [timer] : []), ...this.running.values()] as Deferred<unknown>[];
      await Deferred.any(...waits).then(undefined, () => undefined);
      if (signal.status() === 'completed') {
        const control = await signal;
        if (control.op === 'delete') return this.summary();
        this.state = { ...this.state, paused: control.op === 'pause' };
        signal = this.control.receive();
        continue;
      }
      if (!timer || timer.status() !== 'completed') continue;
      ticks++;
      this.tick(next!);
    }
  }

  /** What the schedule is and does now; read with `ScheduleHandle.describe()`. */
  describe(): ScheduleDescription | undefined {
    const spec = this.spec;
    if (!spec) return undefined;
    const nextRunTimes: number[] = [];
    for (let after = this.after(); nextRunTimes.length < NEXT_RUN_TIMES;) {
      const next = nextTickOf(spec, this.state.anchor ?? this.now(), after);
      if (next === undefined) break;
      nextRunTimes.push(next);
      after = next;
    }
    return {
      id: spec.id, spec, paused: this.state.paused, nextRunTimes, started: this.state.started, skipped: this.state.skipped,
      pausedTicks: this.state.pausedTicks, running: [...this.running.keys()], ...(this.bufferedTick !== undefined ? { bufferedTick: this.bufferedTick } : {}),
    };
  }

  /** Ticks are counted from the last one handled, never from before now: ticks missed while no worker ran are not made up. */
  private after(): number {
    return Math.max(this.state.lastTick ?? -Infinity, this.now() - 1);
  }

  private tick(at: number): void {
    this.state = { ...this.state, lastTick: at };
    if (this.state.paused) {
      this.state = { ...this.state, pausedTicks: this.state.pausedTicks + 1 };
      return;
    }
    const overlap = this.spec!.overlap;
    if (this.running.size > 0 && overlap !== 'allow') {
      if (overlap === 'buffer-one' && this.bufferedTick === undefined) this.bufferedTick = at;
      else this.state = { ...this.state, skipped: this.state.skipped + 1 };
      return;
    }
    this.startRun(at);
  }

  private startBuffered(): void {
    if (this.bufferedTick === undefined || this.running.size > 0) return;
    const at = this.bufferedTick;
    this.bufferedTick = undefined;
    this.startRun(at);
  }

  private startRun(at: number): void {
    const spec = this.spec!;
    const id = scheduledRunId(spec.id, at);
    const stub = this.newWorkflow(named(spec.workflowName), { id }) as unknown as Record<string, (...args: unknown[]) => Deferred<unknown>>;
    const run = stub[spec.method]!(...spec.args);
    // Its failure is the run's own business: the schedule goes on.
    run.then(undefined, () => undefined);
    this.running.set(id, run);
    this.state = { ...this.state, started: this.state.started + 1 };
  }

  private forgetEnded(): void {
    for (const [id, run] of this.running) if (run.status() !== 'ongoing') this.running.delete(id);
  }

  private summary(): ScheduleSummary {
    return { started: this.state.started, skipped: this.state.skipped, pausedTicks: this.state.pausedTicks };
  }
}

/** The id of the run a schedule starts at tick `at`: the same from every worker, so one run per tick. */
export const scheduledRunId = (scheduleId: string, at: number): string => `${scheduleId}@${new Date(at).toISOString()}`;
