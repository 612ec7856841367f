import type { AppendOutcome, AppendRequest, ExpectedRevision, HistoryStore, NewEvent, Revision } from '../ports/history-store.port';

interface Queued extends AppendRequest {
  resolve(revision: Revision): void;
  reject(error: unknown): void;
}

/**
 * Gathers the appends that concurrent workflow steps make in one turn of the event loop and sends them
 * as one `appendMany` (one commit) when the store has it; otherwise each append goes straight through.
 * Each caller still gets the answer of its own append, so the engine's logic does not change.
 */
export class AppendBatcher {
  private queue: Queued[] = [];
  private scheduled = false;

  constructor(private readonly store: HistoryStore, private readonly maxBatch = 256) {}

  append(stream: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<Revision> {
    if (!this.store.appendMany) return this.store.append(stream, events, expected);
    return new Promise<Revision>((resolve, reject) => {
      this.queue.push({ stream, events, expected, resolve, reject });
      if (this.queue.length >= this.maxBatch) this.flush();
      else if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    this.store.appendMany!(batch.map(({ stream, events, expected }) => ({ stream, events, expected }))).then(
      (outcomes: AppendOutcome[]) => batch.forEach((entry, i) => {
        const outcome = outcomes[i];
        if (!outcome) entry.reject(new Error(`appendMany answered ${outcomes.length} of ${batch.length} appends`));
        else if (outcome.ok) entry.resolve(outcome.revision);
        else entry.reject(outcome.error);
      }),
      (error: unknown) => batch.forEach((entry) => entry.reject(error)),
    );
  }
}
