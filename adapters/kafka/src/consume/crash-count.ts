/**
 * Delivery counts that survive a crash. A record whose handler kills its process is never acknowledged, so
 * after every restart it is again the first record of its partition the new owner reads (the records before it
 * finish and commit in the lives before). So, on the first record of each partition after an assignment, the
 * consumer commits that same offset again with this metadata, `cadenza-deliveries:<offset>:<n>`, before
 * handling it: the committed offset itself carries how many deliveries of that record never ended. A regular
 * commit past the record drops the metadata, as it should. One commit per partition per assignment; nothing
 * on the hot path.
 */
const PREFIX = 'cadenza-deliveries:';

/** The metadata that says the record at `offset` has had `deliveries` deliveries. */
export const deliveriesMetadata = (offset: string, deliveries: number): string => `${PREFIX}${offset}:${deliveries}`;

/** Deliveries recorded for the record at `offset` by a committed offset's metadata; 0 when it says nothing of it. */
export const recordedDeliveries = (metadata: string | null | undefined, offset: string): number => {
  if (!metadata?.startsWith(PREFIX)) return 0;
  const [at, count] = metadata.slice(PREFIX.length).split(':');
  const n = Number(count);
  return at === offset && Number.isInteger(n) && n > 0 ? n : 0;
};

/** The committed offsets of `groupId` on `topic`, with their metadata, by partition. */
export type ReadCommitted = (groupId: string, topic: string) => Promise<ReadonlyMap<number, string | null>>;
