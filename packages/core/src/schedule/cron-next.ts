import type { CronExpression } from './cron-expression';

const MINUTE = 60_000;
/** How far ahead a match is looked for: an expression with none in that time (`0 0 30 2 *`) never matches. */
const HORIZON_YEARS = 8;

/** Whether `cron` matches the day of `date` (UTC), with the rule for two restricted day fields. */
const dayMatches = (cron: CronExpression, date: Date): boolean => {
  const dom = cron.daysOfMonth.has(date.getUTCDate());
  const dow = cron.daysOfWeek.has(date.getUTCDay());
  // As Vixie cron: a day field that starts with `*` (even with a step) does not widen the other; two restricted fields do.
  return cron.anyDayOfMonth || cron.anyDayOfWeek ? dom && dow : dom || dow;
};

/**
 * The first time after `after` (epoch ms, exclusive) that `cron` matches, on a whole minute in UTC; undefined
 * when it matches no time in the next years. Skips whole months, days and hours that cannot match, so it
 * takes at most a few hundred steps.
 */
export const nextCronTime = (cron: CronExpression, after: number): number | undefined => {
  const date = new Date(Math.floor(after / MINUTE) * MINUTE + MINUTE);
  const limit = date.getUTCFullYear() + HORIZON_YEARS;
  while (date.getUTCFullYear() <= limit) {
    if (!cron.months.has(date.getUTCMonth() + 1)) {
      date.setUTCMonth(date.getUTCMonth() + 1, 1);
      date.setUTCHours(0, 0, 0, 0);
      continue;
    }
    if (!dayMatches(cron, date)) {
      date.setUTCDate(date.getUTCDate() + 1);
      date.setUTCHours(0, 0, 0, 0);
      continue;
    }
    if (!cron.hours.has(date.getUTCHours())) {
      date.setUTCHours(date.getUTCHours() + 1, 0, 0, 0);
      continue;
    }
    if (!cron.minutes.has(date.getUTCMinutes())) {
      date.setUTCMinutes(date.getUTCMinutes() + 1, 0, 0);
      continue;
    }
    return date.getTime();
  }
  return undefined;
};
