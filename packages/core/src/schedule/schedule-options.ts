/** What happens at a tick while the run of the previous tick still runs. */
export type ScheduleOverlap = 'skip' | 'allow' | 'buffer-one';

/** How `client.schedule` runs a workflow method again and again. Give exactly one of `cron` and `every`. */
export interface ScheduleOptions {
  /** The schedule's id: one schedule per id, and each run's id is `<id>@<tick as ISO time>`. */
  readonly id: string;
  /** Five fields, minute hour day-of-month month day-of-week, in UTC (see docs/schedules.md), or `@daily`-style aliases. */
  readonly cron?: string;
  /** A fixed interval: ms, or a string like `30s`, `5m`, `2h`, `1d`, `500ms`; at least one second. */
  readonly every?: number | string;
  /**
   * `skip`: a tick while the previous run still runs starts nothing (counted as skipped); `allow`: it starts
   * anyway; `buffer-one`: it starts once the previous run ended (one such tick is kept, later ones are skipped).
   * @default 'skip' */
  readonly overlap?: ScheduleOverlap;
  /** No tick before this time; with `every`, the ticks are `startAt`, `startAt + every`…
   *  @default with `every`: one interval after the schedule first ran; with `cron`: now */
  readonly startAt?: Date | number;
  /** Only `UTC` for now.
   *  @default 'UTC' */
  readonly timezone?: 'UTC';
  /** Ticks one run of the schedule's workflow covers before it continues as new (which keeps its history bounded).
   *  @default 100 (`DEFAULT_TICKS_PER_RUN`) */
  readonly ticksPerRun?: number;
}

/** See {@link ScheduleOptions.ticksPerRun}. */
export const DEFAULT_TICKS_PER_RUN = 100;
/** The shortest `every`. */
export const MIN_EVERY_MS = 1000;
