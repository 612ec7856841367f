/**
 * Node's codes for a network failure that says nothing about the message itself: the peer was down,
 * went away or did not answer in time. Trying again later can succeed.
 */
const TRANSIENT_NETWORK_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENETDOWN', 'EAI_AGAIN',
]);

/** How far down a cause chain to look; chains are short, and a cycle must not loop. */
const MAX_CAUSE_DEPTH = 8;

/**
 * Whether a failure is transient: the same work could succeed later without any change to the message
 * (a store or broker outage, a timeout, a lost optimistic race). This is the one place that decides it.
 *
 * The first error along the `cause` chain that states `retriable` (every `CadenzaError` does, as do
 * kafkajs errors) decides; otherwise a Node network error code (`ECONNREFUSED`, `ETIMEDOUT`, …) on the
 * chain makes it transient. Anything else, our own bugs (`TypeError`) included, is deterministic.
 */
export const isTransient = (error: unknown): boolean => {
  let current = error;
  for (let depth = 0; depth < MAX_CAUSE_DEPTH && typeof current === 'object' && current !== null; depth++) {
    const { retriable, code } = current as { retriable?: unknown; code?: unknown };
    if (typeof retriable === 'boolean') return retriable;
    if (typeof code === 'string' && TRANSIENT_NETWORK_CODES.has(code)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
};
