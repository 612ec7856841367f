import type { AppendOptions, AppendOutcome, AppendRequest, ExpectedRevision, HistoryStore, NewEvent, Revision, TagIndexEntry } from '../ports/history-store.port';

interface Queued extends AppendRequest {
  resolve(revision: Revision): void;
  reject(error: unknown): void;
}

/**
 * Group commit for workflow steps: when the store has `appendMany`, an append is sent at once if fewer than
 * `maxInFlight` batches are being written, and otherwise waits for one of them to finish and goes with
 * every other append that queued meanwhile, as one `appendMany` (one commit). A lone workflow pays no
 * extra latency; a busy engine pays one commit per batch. Each caller gets the answer of its own append.
 * Without `appendMany`, each append goes straight through.
 */
/** The engine builds each event for the append and never changes it afterwards (the port's "Events are values"). */
const HANDED_OVER: AppendOptions = { handedOver: true };

const optionsOf = (index: TagIndexEntry | undefined): AppendOptions => (index ? { handedOver: true, index } : HANDED_OVER);

export class AppendBatcher {
  private queue: Queued[] = [];
  private inFlight = 0;

  constructor(private readonly store: HistoryStore, private readonly maxInFlight = 4, private readonly maxBatch = 500) {}

  /** `index` (a first append's tag index entry) goes with the append, in the same commit. */
  append(stream: string, events: readonly NewEvent[], expected: ExpectedRevision, index?: TagIndexEntry): Promise<Revision> {
    if (!this.store.appendMany) return this.store.append(stream, events, expected, optionsOf(index));
    return new Promise<Revision>((resolve, reject) => {
      this.queue.push(index ? { stream, events, expected, index, resolve, reject } : { stream, events, expected, resolve, reject });
      if (this.inFlight < this.maxInFlight) this.flush();
    });
  }

  private flush(): void {
    const batch = this.queue.splice(0, this.maxBatch);
    if (batch.length === 0) return;
    this.inFlight++;
    const [only] = batch;
    // A batch of one takes the store's plain append, which is its cheapest statement.
    const written: Promise<AppendOutcome[]> = batch.length === 1 && only
      ? this.store.append(only.stream, only.events, only.expected, optionsOf(only.index)).then((revision) => [{ ok: true as const, revision }])
      : this.store.appendMany!(batch.map(({ stream, events, expected, index }) => (index ? { stream, events, expected, index } : { stream, events, expected })));
    written
      .then(
        (outcomes: AppendOutcome[]) => batch.forEach((entry, i) => {
          const outcome = outcomes[i];
          if (!outcome) entry.reject(new Error(`appendMany answered ${outcomes.length} of ${batch.length} appends`));
          else if (outcome.ok) entry.resolve(outcome.revision);
          else entry.reject(outcome.error);
        }),
        (error: unknown) => batch.forEach((entry) => entry.reject(error)),
      )
      .finally(() => {
        this.inFlight--;
        if (this.queue.length > 0) this.flush();
      });
  }
}
