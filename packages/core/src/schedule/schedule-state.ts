/** What a run of the schedule's workflow hands the next one when it continues as new (JSON). */
export interface ScheduleState {
  /** When the schedule first ran: `every` counts from it when no `startAt` was given. */
  readonly anchor?: number;
  /** The last tick handled (started, skipped or paused through), epoch ms. */
  readonly lastTick?: number;
  readonly paused: boolean;
  /** Runs started so far. */
  readonly started: number;
  /** Ticks that started nothing because the previous run still ran (`overlap: 'skip'`, or a second buffered tick). */
  readonly skipped: number;
  /** Ticks that passed while the schedule was paused. */
  readonly pausedTicks: number;
  /** How many runs of the schedule's workflow came before this one (each covers `ticksPerRun` ticks). */
  readonly continued: number;
}

export const INITIAL_SCHEDULE_STATE: ScheduleState = { paused: false, started: 0, skipped: 0, pausedTicks: 0, continued: 0 };

/** What a client sends to a schedule's `control` channel. */
export type ScheduleControl = { readonly op: 'pause' } | { readonly op: 'resume' } | { readonly op: 'delete' };

/** What `ScheduleHandle.describe()` answers. */
export interface ScheduleDescription {
  readonly id: string;
  /** What it starts and when, as `client.schedule` was given it. */
  readonly spec: import('./schedule-spec').ScheduleSpec;
  readonly paused: boolean;
  /** The next few tick times (epoch ms), from now. */
  readonly nextRunTimes: number[];
  readonly started: number;
  readonly skipped: number;
  readonly pausedTicks: number;
  /** The ids of the runs it started that have not ended, as far as it knows. */
  readonly running: string[];
  /** The tick kept to start once the running one ends (`overlap: 'buffer-one'`). */
  readonly bufferedTick?: number;
}
