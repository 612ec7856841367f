/** What each fault kind does to a run; `--faults` takes a comma-separated list of these names. */
export const FAULT_KINDS = {
  duplicates: 'a published message is delivered twice, the copy right after the original',
  'late-duplicates': 'a published message is delivered again, seconds later',
  delays: 'a published message is delivered seconds later than asked',
  'publish-failures': "a worker's publish throws a retriable TransportError, before or after it reached the broker",
  'store-errors': 'a read or append throws a retriable TransportError; some appends are written and still throw',
  'store-outage': 'every read and append throws a retriable TransportError for a window of seconds',
  'key-moves': 'a worker stops and a new one joins later: the group moves keys between 2 or 3 engines and back',
  crash: "a worker's transport crashes (unacknowledged messages go to others) and a new worker starts later",
  'cache-loss': 'a live worker forgets every cached workflow instance',
  'workflow-throws': "some workflows' own code throws, in their method or their constructor: each must fail, not hang",
} as const;

export type FaultKind = keyof typeof FAULT_KINDS;

export const ALL_FAULTS: readonly FaultKind[] = Object.keys(FAULT_KINDS) as FaultKind[];

/** Kinds that shape the workload rather than strike at run time: the fault-free run of a seed keeps them. */
export const WORKLOAD_FAULTS: readonly FaultKind[] = ['workflow-throws'];

/**
 * The kinds that, all at once, keep every invariant on every seed of the CI set (and of seeds 1–10,000): every
 * kind. Late duplicates, delays and crashes make requests arrive after a workflow ended and its history was
 * cleared; they are answered from the outcome kept beside the tombstone (see docs/guarantees.md).
 */
export const PASSING_FAULTS: readonly FaultKind[] = [...ALL_FAULTS];

/** Thrown for a `--faults` entry that names no fault kind. */
export class UnknownFaultError extends Error {
  constructor(readonly given: string) {
    super(`unknown fault kind "${given}": expected one of ${ALL_FAULTS.join(', ')} (or "all", "none")`);
  }
}

/** Reads `--faults`: `all`, `none`, or names separated by commas. */
export const parseFaults = (text: string): FaultKind[] => {
  if (text === 'all') return [...ALL_FAULTS];
  if (text === 'none' || text === '') return [];
  return text.split(',').map((name) => name.trim()).filter((name) => name !== '').map((name) => {
    if (!(name in FAULT_KINDS)) throw new UnknownFaultError(name);
    return name as FaultKind;
  });
};
