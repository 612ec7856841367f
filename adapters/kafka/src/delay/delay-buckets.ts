/**
 * Delayed messages wait on a few delay-bucket topics chosen by how far off they are, so a days-long delay
 * never shares a topic partition (and its committed offset) with a one-second one. A forwarder holds each
 * message in memory only until it fits a shorter bucket (then it moves there) or for at most
 * `maxHoldMs` (then it is re-published to the bucket that fits, possibly the same): the committed offset
 * of a bucket's partition therefore lags by at most a bucket's hold, which bounds what a restart re-reads.
 */
export interface DelayBucket {
  /** Short name, the suffix of the bucket's topic. */
  readonly name: string;
  /** Smallest remaining delay this bucket takes, in ms. */
  readonly minMs: number;
  /** Longest a forwarder holds one of its messages before moving it on, in ms. */
  readonly maxHoldMs: number;
}

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** The buckets, shortest first: up to 10 s, up to 5 min, up to 2 h, and longer. */
export const DELAY_BUCKETS: readonly DelayBucket[] = [
  { name: 's', minMs: 0, maxHoldMs: 10 * SECOND },
  { name: 'm', minMs: 10 * SECOND, maxHoldMs: 5 * MINUTE },
  { name: 'h', minMs: 5 * MINUTE, maxHoldMs: 10 * MINUTE },
  { name: 'd', minMs: 2 * HOUR, maxHoldMs: 10 * MINUTE },
];

/**
 * The bucket for a message due in `remainingMs`: the one with the largest `minMs` below it. Strictly below,
 * so a message a forwarder moves on when it reaches a bucket's `minMs` lands in a shorter bucket.
 */
export const bucketFor = (remainingMs: number): DelayBucket => {
  let chosen = DELAY_BUCKETS[0]!;
  for (const bucket of DELAY_BUCKETS) if (remainingMs > bucket.minMs) chosen = bucket;
  return chosen;
};

/** The bucket called `name`, or undefined for a name this build does not know. */
export const bucketNamed = (name: string): DelayBucket | undefined => DELAY_BUCKETS.find((b) => b.name === name);

/**
 * When a forwarder acts on a message it read at `heldSince` from `bucket`: when it is due, when it fits a
 * shorter bucket, or when it has been held `maxHoldMs`, whichever comes first.
 */
export const actionTime = (bucket: DelayBucket, dueAt: number, heldSince: number): number =>
  Math.min(dueAt, Math.max(heldSince, dueAt - bucket.minMs), heldSince + bucket.maxHoldMs);

/** The topic of a bucket, under a prefix: `cadenza.delay.s`. */
export const delayTopic = (prefix: string, bucket: DelayBucket): string => `${prefix}.${bucket.name}`;
