import { InvalidScheduleError } from '../errors/invalid-schedule-error';

/**
 * A parsed five-field cron expression (minute hour day-of-month month day-of-week), in UTC: each field is
 * the set of values it matches. `anyDay*` records a day field that starts with `*` (alone or with a step), for the
 * classic rule: when both day fields are restricted (neither starts with `*`), a day matches when either matches.
 */
export interface CronExpression {
  readonly source: string;
  readonly minutes: ReadonlySet<number>;
  readonly hours: ReadonlySet<number>;
  readonly daysOfMonth: ReadonlySet<number>;
  readonly months: ReadonlySet<number>;
  /** 0 = Sunday … 6 = Saturday (7 is read as Sunday). */
  readonly daysOfWeek: ReadonlySet<number>;
  readonly anyDayOfMonth: boolean;
  readonly anyDayOfWeek: boolean;
}

interface FieldSpec {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
}

const FIELDS: readonly FieldSpec[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day-of-month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'] },
  { name: 'day-of-week', min: 0, max: 7, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] },
];

/** The `@` shorthands and the five fields each stands for. */
export const CRON_ALIASES: Readonly<Record<string, string>> = {
  '@yearly': '0 0 1 1 *', '@annually': '0 0 1 1 *', '@monthly': '0 0 1 * *', '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *', '@midnight': '0 0 * * *', '@hourly': '0 * * * *',
};

/**
 * Parses `expression`: five fields separated by spaces, each a `*`, a value, a range `a-b`, any of them with
 * a step `/n`, or a comma-separated list of those; months and days of the week also by name (`JAN`, `MON`,
 * any case); or one of {@link CRON_ALIASES}.
 * @throws InvalidScheduleError naming the field (`cron.hour`…) and why.
 */
export const parseCron = (expression: string): CronExpression => {
  const trimmed = expression.trim();
  const expanded = trimmed.startsWith('@') ? CRON_ALIASES[trimmed.toLowerCase()] : trimmed;
  if (expanded === undefined) throw new InvalidScheduleError('cron', `unknown alias; use one of ${Object.keys(CRON_ALIASES).join(', ')}`, expression);
  const parts = expanded.split(/\s+/);
  if (parts.length !== 5) throw new InvalidScheduleError('cron', `expected 5 fields (minute hour day-of-month month day-of-week), got ${parts.length}`, expression);
  const sets = parts.map((part, i) => parseField(part, FIELDS[i]!));
  const daysOfWeek = new Set([...sets[4]!].map((day) => (day === 7 ? 0 : day)));
  return {
    source: expression, minutes: sets[0]!, hours: sets[1]!, daysOfMonth: sets[2]!, months: sets[3]!, daysOfWeek,
    anyDayOfMonth: isWhole(parts[2]!), anyDayOfWeek: isWhole(parts[4]!),
  };
};

const isWhole = (part: string): boolean => part === '*' || part.startsWith('*/');

const parseField = (part: string, spec: FieldSpec): Set<number> => {
  const fail = (reason: string): never => {
    throw new InvalidScheduleError(`cron.${spec.name}`, reason, part);
  };
  if (part === '') fail('empty field');
  const values = new Set<number>();
  for (const item of part.split(',')) {
    if (item === '') fail('empty list item');
    const [range, stepText, extra] = item.split('/');
    if (extra !== undefined) fail(`more than one step in ${JSON.stringify(item)}`);
    let step = 1;
    if (stepText !== undefined) {
      if (!/^\d+$/.test(stepText)) fail(`step ${JSON.stringify(stepText)} is not a whole number`);
      step = Number(stepText);
      if (step < 1) fail('a step must be at least 1');
    }
    let from: number;
    let to: number;
    if (range === '*') {
      from = spec.min;
      to = spec.max;
    } else {
      const bounds = range!.split('-');
      if (bounds.length > 2) fail(`${JSON.stringify(range)} is not a value or a range a-b`);
      from = valueOf(bounds[0]!, spec, fail);
      // `a/n` runs from a to the end of the range, as in Vixie cron.
      to = bounds.length === 2 ? valueOf(bounds[1]!, spec, fail) : stepText !== undefined ? spec.max : from;
      if (from > to) fail(`range ${JSON.stringify(range)} runs backwards`);
    }
    for (let value = from; value <= to; value += step) values.add(value);
  }
  return values;
};

const valueOf = (text: string, spec: FieldSpec, fail: (reason: string) => never): number => {
  const named = spec.names?.indexOf(text.toUpperCase()) ?? -1;
  if (named >= 0) return named + (spec.name === 'month' ? 1 : 0);
  if (!/^\d+$/.test(text)) fail(`${JSON.stringify(text)} is not a number${spec.names ? ` or a name (${spec.names.join(', ')})` : ''}`);
  const value = Number(text);
  if (value < spec.min || value > spec.max) fail(`${value} is outside ${spec.min}-${spec.max}`);
  return value;
};
