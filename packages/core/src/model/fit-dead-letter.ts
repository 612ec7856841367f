import { createHash } from 'node:crypto';
import { PayloadTooLargeError } from '../errors/payload-too-large-error';
import { decodeEnvelope, type Envelope } from './envelope';
import type { MessageOf } from './messages';

type DeadLetter = MessageOf<'DeadLetter'>;
type Origin = NonNullable<DeadLetter['origin']>;

/** The mark left at the end of a reason that had to be shortened. */
const CUT_MARK = ' [cut]';

/**
 * Makes a `DeadLetter` envelope fit `maxBytes` encoded bytes, so that dead-lettering a message never fails for
 * its size (a dead letter that cannot be published would be retried for ever and hold its key). A letter that
 * fits, or an envelope that is not a dead letter, comes back as it is. Otherwise the original bytes are cut to
 * what fits and the letter records `truncated: true`, the original's size (`rawBytes`), its SHA-256 (`rawSha256`,
 * hex) and, when the bytes were an envelope, its `origin` (id, kind and the workflow step it belongs to), so the
 * dead-letter router can still fail that step. A reason too long to leave room for the letter is shortened too.
 * Every transport calls this with its `capabilities.maxMessageBytes` before publishing a dead letter.
 * @throws PayloadTooLargeError when even an empty letter (topic, key and id alone) does not fit.
 */
export const fitDeadLetter = (envelope: Envelope, maxBytes: number): Envelope => {
  const letter = envelope.message;
  if (letter.kind !== 'DeadLetter' || encodedBytes(envelope) <= maxBytes) return envelope;
  const raw = Buffer.from(letter.raw, 'base64');
  const origin = originOf(raw, letter.originalTopic);
  const bare = (reason: string): Envelope => ({
    ...envelope,
    message: {
      ...letter, reason, raw: '', truncated: true, rawBytes: letter.rawBytes ?? raw.length,
      rawSha256: letter.rawSha256 ?? createHash('sha256').update(raw).digest('hex'),
      ...(origin !== undefined ? { origin } : letter.origin !== undefined ? { origin: letter.origin } : {}),
    },
  });
  let fitted = bare(letter.reason);
  let overhead = encodedBytes(fitted);
  if (overhead > maxBytes) {
    fitted = bare(shortened(letter.reason, overhead - maxBytes));
    overhead = encodedBytes(fitted);
  }
  if (overhead > maxBytes) throw new PayloadTooLargeError(`dead letter ${envelope.id} without its payload`, overhead, maxBytes);
  const kept = Math.floor((maxBytes - overhead) / 4) * 3; // base64 writes 4 characters for every 3 bytes
  return { ...fitted, message: { ...fitted.message, raw: raw.subarray(0, kept).toString('base64') } as DeadLetter };
};

const encodedBytes = (envelope: Envelope): number => Buffer.byteLength(JSON.stringify(envelope));

/** The longest start of `reason` that, marked as cut, is at least `excess` encoded bytes shorter than it. */
const shortened = (reason: string, excess: number): string => {
  const target = jsonBytes(reason) - excess - CUT_MARK.length;
  let [low, high] = [0, reason.length];
  while (low < high) { // binary search on the number of characters kept
    const mid = Math.ceil((low + high) / 2);
    if (jsonBytes(reason.slice(0, mid)) <= target) low = mid;
    else high = mid - 1;
  }
  return `${reason.slice(0, low)}${CUT_MARK}`;
};

const jsonBytes = (text: string): number => Buffer.byteLength(JSON.stringify(text));

/** Who the original bytes were, when they decode as an envelope; `undefined` for bytes that never were one. */
const originOf = (raw: Uint8Array, topic: string): Origin | undefined => {
  let original: Envelope;
  try {
    original = decodeEnvelope(raw, topic);
  } catch {
    return undefined;
  }
  const m = original.message as Partial<Record<'workflowName' | 'workflowId' | 'taskId', unknown>> & Partial<Record<'seq' | 'attempt' | 'retry', unknown>>;
  return {
    id: original.id, kind: original.message.kind,
    ...(typeof m.workflowName === 'string' ? { workflowName: m.workflowName } : {}),
    ...(typeof m.workflowId === 'string' ? { workflowId: m.workflowId } : {}),
    ...(typeof m.seq === 'number' ? { seq: m.seq } : {}),
    ...(typeof m.taskId === 'string' ? { taskId: m.taskId } : {}),
    ...(typeof m.attempt === 'number' ? { attempt: m.attempt } : {}),
    ...(typeof m.retry === 'number' ? { retry: m.retry } : {}),
  };
};
