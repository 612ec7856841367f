import { VersionNotSupportedError } from '../errors/version-not-supported-error';
import type { HistoryEventOf } from '../model/history-events';
import type { RecordedEvent } from './stored-history';

export type VersionMarkedEvent = HistoryEventOf<'VersionMarked'>;

/** How far the code supports a change, as `this.version(changeId, maxSupported, minSupported)` says. */
export interface VersionRange {
  readonly minSupported: number;
  readonly maxSupported: number;
}

/**
 * The versions one instance's code was given, by change id, and the markers not recorded yet.
 *
 * The first call of a change decides its version: the newest the code supports when the instance reaches the
 * call live, the oldest when the call is reached while the history replays (the history already went past the
 * call without a marker: the code that recorded it took the old path). Either is recorded as a `VersionMarked`
 * with the instance's next decision; every later call and every replay gets it back. A marker takes no step, so
 * inserting a call into running code shifts no later `seq`.
 */
export class VersionMarkers {
  private readonly given: Map<string, number>;
  private pending?: VersionMarkedEvent[];

  /** `recorded`: what a replayed history marked (see {@link recordedVersions}). */
  constructor(recorded?: ReadonlyMap<string, number>) {
    this.given = new Map(recorded);
  }

  /** True when `changeId` has a version already (a call for it records nothing). */
  knows(changeId: string): boolean {
    return this.given.has(changeId);
  }

  /** The version of `changeId` for code supporting `range`; throws {@link VersionNotSupportedError} for a known version outside it. */
  versionOf(workflowId: string, changeId: string, range: VersionRange, replaying: boolean): number {
    const known = this.given.get(changeId);
    if (known !== undefined) {
      if (known < range.minSupported || known > range.maxSupported) throw new VersionNotSupportedError(workflowId, changeId, known, range.minSupported, range.maxSupported);
      return known;
    }
    const version = replaying ? range.minSupported : range.maxSupported;
    this.given.set(changeId, version);
    (this.pending ??= []).push({ type: 'VersionMarked', changeId, version });
    return version;
  }

  /** The markers decided since the last call, to be recorded. */
  take(): VersionMarkedEvent[] {
    const pending = this.pending ?? [];
    this.pending = undefined;
    return pending;
  }
}

/** The versions a history marked, by change id (the first marker of a change stands); undefined when it has none. */
export const recordedVersions = (events: readonly RecordedEvent[]): Map<string, number> | undefined => {
  let versions: Map<string, number> | undefined;
  for (const { event } of events) {
    if (event.type === 'VersionMarked' && !versions?.has(event.changeId)) (versions ??= new Map()).set(event.changeId, event.version);
  }
  return versions;
};
