/**
 * The fake's storage: every stream's events, a global log position, and the write rules of EventStoreDB
 * as its documentation and client test suites state them (checked in test/*.unit.spec.ts):
 *
 * - Revisions count from 0; `-1` means "no stream".
 * - Expected revision `any` never conflicts; `no-stream` needs no events; `stream-exists` needs the stream
 *   (or its metadata); an exact revision needs the stream's last revision to be exactly that.
 * - Writes are idempotent by event id. With an exact (or `no-stream`) expectation, a write whose ids equal
 *   the events already stored right after that revision succeeds again without writing; a partial match
 *   is a conflict. With `any`/`stream-exists`, a write whose first id is already in the stream is answered
 *   from what was stored (best effort).
 * - Soft delete hides the events; reads say "not found" and the next write recreates the stream, its
 *   revisions continuing after the old ones. `stream-exists` on a soft-deleted stream is "deleted".
 * - Tombstone (hard delete) is for good: every later read and write answers "stream deleted".
 */
export type ExpectedState =
  | { readonly kind: 'any' }
  | { readonly kind: 'no-stream' }
  | { readonly kind: 'stream-exists' }
  | { readonly kind: 'revision'; readonly revision: bigint };

export interface ProposedEvent {
  readonly id: string;
  readonly type: string;
  readonly contentType: string;
  readonly data: Uint8Array;
  readonly metadata: Uint8Array;
}

export interface StoredRecord extends ProposedEvent {
  readonly stream: string;
  readonly revision: bigint;
  readonly position: bigint;
  /** Creation time in ticks (100 ns) since the Unix epoch, as the server sends it. */
  readonly created: bigint;
}

export type WriteOutcome =
  | { readonly result: 'written' | 'idempotent'; readonly lastRevision: bigint; readonly position: bigint }
  | { readonly result: 'wrong-expected-version'; readonly currentRevision: bigint }
  | { readonly result: 'stream-deleted' };

export type ReadOutcome =
  | { readonly result: 'ok'; readonly events: readonly StoredRecord[]; readonly lastRevision: bigint }
  | { readonly result: 'not-found' }
  | { readonly result: 'stream-deleted' };

interface StreamState {
  readonly events: StoredRecord[]; // index = revision; hidden ones stay to keep numbering
  visibleFrom: bigint;
  softDeleted: boolean;
  tombstoned: boolean;
  hasMetadata: boolean;
}

const NO_STREAM = -1n;

/** The fake's in-memory event store; every method is synchronous, so each call is atomic. */
export class StreamLog {
  private readonly streams = new Map<string, StreamState>();
  private readonly byId = new Map<string, { stream: string; revision: bigint }>();
  private position = 0n;

  constructor(private readonly now: () => number = Date.now) {}

  names(): string[] {
    return [...this.streams.keys()];
  }

  read(stream: string): ReadOutcome {
    const s = this.streams.get(stream);
    if (s?.tombstoned) return { result: 'stream-deleted' };
    if (!s || s.softDeleted || s.events.length === 0) return { result: 'not-found' };
    const events = s.events.slice(Number(s.visibleFrom));
    if (events.length === 0) return { result: 'not-found' };
    return { result: 'ok', events, lastRevision: BigInt(s.events.length - 1) };
  }

  write(stream: string, expected: ExpectedState, proposed: readonly ProposedEvent[]): WriteOutcome {
    const s = this.streams.get(stream);
    const current = s ? BigInt(s.events.length) - 1n : NO_STREAM;
    if (s?.tombstoned) return { result: 'stream-deleted' };
    if (expected.kind === 'stream-exists') {
      if (s?.softDeleted) return { result: 'stream-deleted' };
      if (current === NO_STREAM && !s?.hasMetadata) return { result: 'wrong-expected-version', currentRevision: current };
    }
    const decision = expected.kind === 'any' || expected.kind === 'stream-exists'
      ? this.checkLoose(stream, proposed)
      : this.checkExact(s, expected.kind === 'no-stream' ? NO_STREAM : expected.revision, expected.kind === 'no-stream', current, proposed);
    if (decision.kind === 'conflict') return { result: 'wrong-expected-version', currentRevision: current };
    if (decision.kind === 'idempotent') return { result: 'idempotent', lastRevision: decision.last, position: this.positionOf(stream, decision.last) };
    return this.append(stream, s, current, proposed);
  }

  /** Soft delete or tombstone (hard delete), after an expected-revision check on the stream itself. */
  delete(stream: string, expected: ExpectedState, mode: 'soft' | 'tombstone'): WriteOutcome {
    const s = this.streams.get(stream);
    const current = s ? BigInt(s.events.length) - 1n : NO_STREAM;
    if (s?.tombstoned) return { result: 'stream-deleted' };
    const exists = current !== NO_STREAM && !s?.softDeleted;
    const ok =
      expected.kind === 'any' ||
      (expected.kind === 'no-stream' && current === NO_STREAM) ||
      (expected.kind === 'stream-exists' && exists) ||
      (expected.kind === 'revision' && expected.revision === current);
    if (!ok) return { result: 'wrong-expected-version', currentRevision: current };
    const state = s ?? this.create(stream);
    if (mode === 'tombstone') {
      state.tombstoned = true;
      for (const e of state.events) this.byId.delete(e.id);
    } else {
      state.softDeleted = true;
      state.hasMetadata = true;
    }
    this.position += 1n;
    return { result: 'written', lastRevision: current, position: this.position };
  }

  private checkLoose(stream: string, proposed: readonly ProposedEvent[]): Decision {
    let first: bigint | undefined;
    let last: bigint | undefined;
    for (const [index, event] of proposed.entries()) {
      const known = this.byId.get(event.id);
      if (!known || known.stream !== stream) return index === 0 ? { kind: 'write' } : { kind: 'conflict' };
      first ??= known.revision;
      last = known.revision;
    }
    return first === undefined || last === undefined ? { kind: 'write' } : { kind: 'idempotent', last };
  }

  private checkExact(s: StreamState | undefined, expected: bigint, noStream: boolean, current: bigint, proposed: readonly ProposedEvent[]): Decision {
    if (expected > current) return { kind: 'conflict' };
    if (expected === current) return { kind: 'write' };
    let revision = expected;
    for (const event of proposed) {
      revision += 1n;
      if (s?.events[Number(revision)]?.id === event.id) continue;
      if (revision !== expected + 1n) return { kind: 'conflict' }; // part of the write matches: not a retry
      return noStream && s?.softDeleted ? { kind: 'write' } : { kind: 'conflict' };
    }
    return revision === expected ? { kind: 'conflict' } : { kind: 'idempotent', last: revision };
  }

  private append(stream: string, existing: StreamState | undefined, current: bigint, proposed: readonly ProposedEvent[]): WriteOutcome {
    if (proposed.length === 0) return { result: 'written', lastRevision: current, position: this.position };
    const s = existing ?? this.create(stream);
    if (s.softDeleted) {
      s.softDeleted = false;
      s.visibleFrom = current + 1n; // the recreated stream starts after the old events, which stay hidden
    }
    const created = BigInt(this.now()) * 10_000n;
    for (const event of proposed) {
      this.position += BigInt(64 + event.data.length + event.metadata.length);
      const revision = BigInt(s.events.length);
      s.events.push({ ...event, stream, revision, position: this.position, created });
      if (!this.byId.has(event.id)) this.byId.set(event.id, { stream, revision });
    }
    return { result: 'written', lastRevision: BigInt(s.events.length) - 1n, position: this.position };
  }

  private positionOf(stream: string, revision: bigint): bigint {
    return this.streams.get(stream)?.events[Number(revision)]?.position ?? this.position;
  }

  private create(stream: string): StreamState {
    const s: StreamState = { events: [], visibleFrom: 0n, softDeleted: false, tombstoned: false, hasMetadata: false };
    this.streams.set(stream, s);
    return s;
  }
}

type Decision = { kind: 'write' } | { kind: 'conflict' } | { kind: 'idempotent'; last: bigint };
