import { EventListenerConfigError } from './event-listener-config-error';

/** Whether `type` is `prefix` or lies under it at a dot boundary (`io.cadenza.task` covers `io.cadenza.task.failed`). */
export const typeHasPrefix = (type: string, prefix: string): boolean =>
  type === prefix || (type.startsWith(prefix) && type.charAt(prefix.length) === '.');

const commonPrefix = (a: string, b: string): number => {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
};

const commonSuffix = (a: string, b: string): number => {
  let n = 0;
  while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) n++;
  return n;
};

/**
 * The catalogue type that looks most like `word`: the most characters shared at its start and its end (a typo
 * in the middle keeps both), then the closest length. Good enough to point at the intended type in an error.
 */
export const nearestType = (word: string, eventTypes: readonly string[]): string | undefined => {
  let best: { type: string; score: number; gap: number } | undefined;
  for (const type of eventTypes) {
    const shared = commonPrefix(word, type);
    const score = shared + Math.min(commonSuffix(word, type), Math.min(word.length, type.length) - shared);
    const gap = Math.abs(type.length - word.length);
    if (!best || score > best.score || (score === best.score && gap < best.gap)) best = { type, score, gap };
  }
  return best?.type;
};

/**
 * `prefix` if some catalogue type has it (see {@link typeHasPrefix}).
 * @throws EventListenerConfigError at `path`, naming the nearest catalogue type.
 */
export const checkTypePrefix = (prefix: unknown, eventTypes: readonly string[], path: string): string => {
  if (typeof prefix === 'string' && eventTypes.some((type) => typeHasPrefix(type, prefix))) return prefix;
  const nearest = typeof prefix === 'string' ? nearestType(prefix, eventTypes) : undefined;
  throw new EventListenerConfigError(path, 'an event type or a prefix of one (see EVENT_TYPES)', prefix,
    nearest ? `did you mean "${nearest}"?` : `known types: ${eventTypes.join(', ')}`);
};
