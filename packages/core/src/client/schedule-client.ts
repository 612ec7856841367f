import { stableStringify } from '../engine/commands';
import { hasErrorCode } from '../errors/cadenza-error';
import { InvalidScheduleError } from '../errors/invalid-schedule-error';
import type { ScheduleOptions } from '../schedule/schedule-options';
import { scheduleSpecOf } from '../schedule/schedule-spec';
import { INITIAL_SCHEDULE_STATE, type ScheduleControl, type ScheduleDescription } from '../schedule/schedule-state';
import { CadenzaSchedule } from '../schedule/schedule-workflow';
import { toJson } from '../support/to-json';
import { type WorkflowClass, workflowNameOf } from '../workflow/workflow';
import type { Client } from './create-client';

/** A schedule, as `client.schedule` or `client.getSchedule` gives it. */
export interface ScheduleHandle {
  readonly scheduleId: string;
  /** Ticks from now on start nothing (they are counted as `pausedTicks`) until {@link resume}. */
  pause(): Promise<void>;
  resume(): Promise<void>;
  /** Stops the schedule for good and resolves once it has ended: no run starts after that. Runs already started go on. */
  delete(): Promise<void>;
  /**
   * What it runs, whether it is paused, its next tick times and its counts. Rejects with `WorkflowUnknownError`
   * for a schedule that does not exist or was deleted.
   */
  describe(): Promise<ScheduleDescription>;
}

/** The client calls a schedule is made of. */
type ScheduleParts = Pick<Client, 'newWorkflow' | 'start' | 'getById'>;

/** See `Client.getSchedule`. */
export const scheduleHandle = (client: ScheduleParts, scheduleId: string): ScheduleHandle => {
  const instance = () => client.getById(CadenzaSchedule, scheduleId);
  const control = (value: ScheduleControl) => instance().send('control', value);
  return {
    scheduleId,
    pause: () => control({ op: 'pause' }),
    resume: () => control({ op: 'resume' }),
    delete: async () => {
      await control({ op: 'delete' });
      await instance().result();
    },
    describe: async () => (await instance().query('describe')) as ScheduleDescription,
  };
};

/**
 * See `Client.schedule`: checks the options (an `InvalidScheduleError` before anything is sent), starts the
 * schedule's workflow under the schedule id (a start of the same spec attaches to a running one), then reads
 * the spec back: another spec under the id is refused with `InvalidScheduleError` on `id`.
 */
export const schedule = async (client: ScheduleParts, workflow: WorkflowClass, method: string, args: unknown[], options: ScheduleOptions): Promise<ScheduleHandle> => {
  const spec = scheduleSpecOf(workflowNameOf(workflow), method, toJson(args) as unknown[], options);
  const stub = client.newWorkflow(CadenzaSchedule, { id: spec.id });
  await client.start(stub.run, spec, INITIAL_SCHEDULE_STATE);
  const handle = scheduleHandle(client, spec.id);
  let described: ScheduleDescription | undefined;
  try {
    described = await handle.describe();
  } catch (error) {
    if (!hasErrorCode(error, 'WORKFLOW_UNKNOWN')) throw error;
    throw new InvalidScheduleError('id', 'a schedule under this id was deleted and its id is still kept (for the outcome retention)', spec.id);
  }
  if (described && stableStringify(described.spec) !== stableStringify(spec)) {
    throw new InvalidScheduleError('id', `in use by a schedule with another spec (${stableStringify(described.spec)})`, spec.id);
  }
  return handle;
};
