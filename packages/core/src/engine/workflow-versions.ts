import { ConfigError } from '../errors/config-error';
import { WorkflowVersionUnknownError } from '../errors/workflow-version-unknown-error';
import type { HistoryEventOf } from '../model/history-events';
import { type WorkflowClass, workflowNameOf } from '../workflow/workflow';
import { DEFAULT_REPLAY_CHECK, type ReplayCheck } from './commands';

/** One registered class of a workflow: its version (1 when none was given), and how its histories are replayed. */
export interface VersionedClass {
  readonly workflowClass: WorkflowClass;
  readonly version: number;
  /** The registration named the version: new instances record it on `WorkflowStarted`. */
  readonly explicit: boolean;
  readonly replayCheck: ReplayCheck;
}

/** What `registerWorkflow` says of one class (see `RegisterWorkflowOptions`). */
export interface VersionRegistration {
  readonly version?: number;
  readonly replayCheck?: ReplayCheck;
}

const REPLAY_CHECKS: readonly ReplayCheck[] = ['none', 'simple', 'strict'];

/**
 * The classes registered under one workflow name, side by side, by version. New instances start on the newest;
 * a running instance replays with the class of the version its `WorkflowStarted` recorded (none: version 1).
 */
export class WorkflowVersions {
  private readonly byVersion = new Map<number, VersionedClass>();

  constructor(readonly workflowName: string) {}

  /** A single unversioned class with the default replay check. */
  static of(workflowClass: WorkflowClass, registration: VersionRegistration = {}): WorkflowVersions {
    return new WorkflowVersions(workflowNameOf(workflowClass)).add(workflowClass, registration);
  }

  /** Adds a class; throws {@link ConfigError} for a bad version or replay check, or a version already taken. */
  add(workflowClass: WorkflowClass, registration: VersionRegistration): this {
    const at = `registerWorkflow(${this.workflowName})`;
    const { version = 1, replayCheck = DEFAULT_REPLAY_CHECK } = registration;
    if (!Number.isSafeInteger(version) || version < 1) throw new ConfigError(`${at}.version`, 'an integer ≥ 1', version);
    if (!REPLAY_CHECKS.includes(replayCheck)) throw new ConfigError(`${at}.replayCheck`, `one of ${REPLAY_CHECKS.join(', ')}`, replayCheck);
    const taken = this.byVersion.get(version);
    if (taken) {
      throw new ConfigError(`${at}.version`, `a version no other class of ${this.workflowName} has`, version,
        taken.workflowClass === workflowClass ? 'the class is registered twice' : `${taken.workflowClass.name} has it: give each class of one workflow name its own { version }`);
    }
    this.byVersion.set(version, { workflowClass, version, explicit: registration.version !== undefined, replayCheck });
    return this;
  }

  /** The newest version: the one new instances start on. */
  get newest(): VersionedClass {
    let newest: VersionedClass | undefined;
    for (const entry of this.byVersion.values()) if (!newest || entry.version > newest.version) newest = entry;
    if (!newest) throw new Error(`no class registered for ${this.workflowName}`);
    return newest;
  }

  /** The class an instance replays with, or the {@link WorkflowVersionUnknownError} that blocks it on this worker. */
  of(started: HistoryEventOf<'WorkflowStarted'>, workflowId: string): VersionedClass | WorkflowVersionUnknownError {
    const version = started.version ?? 1;
    return this.byVersion.get(version)
      ?? new WorkflowVersionUnknownError(this.workflowName, workflowId, version, [...this.byVersion.keys()].sort((a, b) => a - b).map(String));
  }
}
