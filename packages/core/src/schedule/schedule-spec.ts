import * as t from 'io-ts';
import { InvalidScheduleError } from '../errors/invalid-schedule-error';
import { JsonValue } from '../model/json';
import { parseCron } from './cron-expression';
import { nextCronTime } from './cron-next';
import { DEFAULT_TICKS_PER_RUN, MIN_EVERY_MS, type ScheduleOptions } from './schedule-options';

/** A schedule as its workflow gets it (JSON): what to start, when, and how. */
export const ScheduleSpec = t.intersection([
  t.type({
    id: t.string, workflowName: t.string, method: t.string, args: t.array(JsonValue),
    overlap: t.union([t.literal('skip'), t.literal('allow'), t.literal('buffer-one')]), ticksPerRun: t.number,
  }),
  t.partial({ cron: t.string, everyMs: t.number, startAt: t.number }),
], 'ScheduleSpec');
export type ScheduleSpec = t.TypeOf<typeof ScheduleSpec>;

const UNITS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `every` in ms: a number as is, or `<number><ms|s|m|h|d>`. @throws InvalidScheduleError */
export const everyMsOf = (every: number | string): number => {
  const text = String(every);
  let ms: number;
  if (typeof every === 'number') ms = every;
  else {
    const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)\s*$/.exec(every);
    if (!match) throw new InvalidScheduleError('every', 'expected ms, or a number with a unit: ms, s, m, h or d (e.g. "30s")', text);
    ms = Number(match[1]) * UNITS[match[2]!]!;
  }
  if (!Number.isFinite(ms)) throw new InvalidScheduleError('every', 'not a finite duration', text);
  if (ms < MIN_EVERY_MS) throw new InvalidScheduleError('every', `under the shortest interval, ${MIN_EVERY_MS} ms`, text);
  return Math.round(ms);
};

const ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$/;

/**
 * Checks `options` and makes the spec of a schedule of `workflowName.method(...args)`.
 * @throws InvalidScheduleError naming the field: `id`, `cron` (or `cron.<field>`), `every`, `overlap`, `timezone`, `startAt`, `ticksPerRun`.
 */
export const scheduleSpecOf = (workflowName: string, method: string, args: unknown[], options: ScheduleOptions): ScheduleSpec => {
  if (typeof options.id !== 'string' || !ID.test(options.id)) throw new InvalidScheduleError('id', 'letters, digits, _ . : and - (1 to 100, starting with a letter or digit)', String(options.id));
  if ((options.cron === undefined) === (options.every === undefined)) throw new InvalidScheduleError('cron', 'give exactly one of cron and every', String(options.cron ?? ''));
  if (options.timezone !== undefined && options.timezone !== 'UTC') throw new InvalidScheduleError('timezone', 'only UTC is supported for now', String(options.timezone));
  const overlap = options.overlap ?? 'skip';
  if (overlap !== 'skip' && overlap !== 'allow' && overlap !== 'buffer-one') throw new InvalidScheduleError('overlap', 'one of skip, allow, buffer-one', String(overlap));
  const ticksPerRun = options.ticksPerRun ?? DEFAULT_TICKS_PER_RUN;
  if (!Number.isInteger(ticksPerRun) || ticksPerRun < 1) throw new InvalidScheduleError('ticksPerRun', 'a whole number ≥ 1', String(ticksPerRun));
  const startAt = options.startAt instanceof Date ? options.startAt.getTime() : options.startAt;
  if (startAt !== undefined && !Number.isFinite(startAt)) throw new InvalidScheduleError('startAt', 'not a valid time', String(options.startAt));
  const timing: Pick<ScheduleSpec, 'cron' | 'everyMs'> = options.cron !== undefined ? { cron: checkedCron(options.cron) } : { everyMs: everyMsOf(options.every!) };
  return { id: options.id, workflowName, method, args: args as ScheduleSpec['args'], overlap, ticksPerRun, ...timing, ...(startAt !== undefined ? { startAt } : {}) };
};

const checkedCron = (cron: string): string => {
  if (typeof cron !== 'string') throw new InvalidScheduleError('cron', 'a string of five fields', String(cron));
  // Every date recurs within eight years (a 29 February included): one look from 1970 tells whether any matches.
  if (nextCronTime(parseCron(cron), 0) === undefined) {
    throw new InvalidScheduleError('cron', 'matches no date (e.g. a day the month never has)', cron);
  }
  return cron;
};

/**
 * The first tick of `spec` strictly after `after`; `anchor` is when the schedule first ran (where `every`
 * counts from without `startAt`). Undefined when no tick comes any more.
 */
export const nextTickOf = (spec: ScheduleSpec, anchor: number, after: number): number | undefined => {
  if (spec.everyMs !== undefined) {
    const first = spec.startAt ?? anchor + spec.everyMs;
    if (after < first) return first;
    return first + (Math.floor((after - first) / spec.everyMs) + 1) * spec.everyMs;
  }
  const from = spec.startAt !== undefined ? Math.max(after, spec.startAt - 1) : after;
  return nextCronTime(parseCron(spec.cron!), from);
};
