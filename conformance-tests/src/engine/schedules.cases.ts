import { InvalidScheduleError, type ScheduleDescription, Workflow } from '@cadenza/core';
import { expect } from 'chai';
import type { EngineHarness } from '../harness';
import { eventually } from '../support/eventually';
import { freshName } from '../support/fresh-name';
import { rejection } from '../support/rejection';
import type { World } from './world';

/** The ids of the runs each schedule started, with how many times each run's code started (replays included once per id). */
const runsOf = new Map<string, Map<string, number>>();
const noteRun = (label: string, workflowId: string): void => {
  const runs = runsOf.get(label) ?? new Map<string, number>();
  runs.set(workflowId, (runs.get(workflowId) ?? 0) + 1);
  runsOf.set(label, runs);
};

/** What a schedule starts: notes its run (the first time its code runs), then optionally waits to be released. */
class Ticked extends Workflow {
  private readonly release = this.channel<string>('release');

  async run(label: string, hold: boolean): Promise<string> {
    this.inline(() => noteRun(label, this.workflowId));
    if (hold) await this.release.receive();
    return this.workflowId;
  }
}

const ISO_RUN = /@\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
/** Long enough for ticks of one second on a loaded machine; it is a bound, never a wait. */
const SLOW = { timeoutMs: 30_000, everyMs: 100 };

export const scheduleCases = (_h: EngineHarness, world: () => World): void => {
  const setUp = async (w: World, workers = 1) => {
    for (let i = 0; i < workers; i++) await w.worker({ workflows: [Ticked], schedules: true });
    return w.client();
  };

  it('runs an every-second schedule again and again, one run per tick with a deterministic id, across continue-as-new', async () => {
    const w = world();
    const client = await setUp(w);
    const label = freshName('every');
    const id = freshName('sched');
    const schedule = await client.schedule(Ticked, 'run', [label, false], { id, every: '1s', ticksPerRun: 2 });
    await eventually(() => expect(runsOf.get(label)?.size ?? 0).to.be.at.least(3), SLOW);
    const described = await schedule.describe();
    expect(described.started).to.be.at.least(3);
    expect(described.paused).to.equal(false);
    expect(described.nextRunTimes).to.have.length(3);
    expect(described.nextRunTimes[1]! - described.nextRunTimes[0]!).to.equal(1000);
    await schedule.delete();
    const ids = [...runsOf.get(label)!.keys()];
    for (const runId of ids) expect(runId.startsWith(`${id}@`) && ISO_RUN.test(runId)).to.equal(true);
    const ticks = ids.map((runId) => Date.parse(runId.slice(id.length + 1)));
    for (let i = 1; i < ticks.length; i++) expect((ticks[i]! - ticks[0]!) % 1000).to.equal(0);
  });

  it('skips a tick while the previous run still runs (overlap: skip), and counts it', async () => {
    const w = world();
    const client = await setUp(w);
    const label = freshName('skip');
    const id = freshName('sched');
    const schedule = await client.schedule(Ticked, 'run', [label, true], { id, every: 1000 });
    await eventually(async () => expect((await schedule.describe()).skipped).to.be.at.least(2), SLOW);
    const described = await schedule.describe();
    expect(described.started).to.equal(1);
    expect(described.running).to.have.length(1);
    expect(runsOf.get(label)?.size).to.equal(1);
    await client.getById(Ticked, described.running[0]!).send('release', 'go');
    await eventually(async () => expect((await schedule.describe()).started).to.be.at.least(2), SLOW);
    await schedule.delete();
  });

  it('starts nothing while paused, counts the paused ticks, and starts again once resumed', async () => {
    const w = world();
    const client = await setUp(w);
    const label = freshName('pause');
    const id = freshName('sched');
    const schedule = await client.schedule(Ticked, 'run', [label, false], { id, every: '1s' });
    await schedule.pause();
    const paused = await eventually(async () => {
      const described = await schedule.describe();
      expect(described.pausedTicks).to.be.at.least(2);
      return described;
    }, SLOW);
    expect(paused.paused).to.equal(true);
    const startedWhilePaused = runsOf.get(label)?.size ?? 0;
    // At most the tick before the pause arrived.
    expect(startedWhilePaused).to.be.at.most(1);
    await schedule.resume();
    await eventually(() => expect(runsOf.get(label)?.size ?? 0).to.be.above(startedWhilePaused), SLOW);
    expect((await schedule.describe()).paused).to.equal(false);
    await schedule.delete();
  });

  it('stops for good once deleted: the schedule has ended and describe says it is unknown', async () => {
    const w = world();
    const client = await setUp(w);
    const label = freshName('delete');
    const id = freshName('sched');
    const schedule = await client.schedule(Ticked, 'run', [label, false], { id, every: '1s' });
    await eventually(() => expect(runsOf.get(label)?.size ?? 0).to.be.at.least(1), SLOW);
    await schedule.delete();
    const error = await rejection(schedule.describe());
    expect(error.code).to.equal('WORKFLOW_UNKNOWN');
  });

  it('starts one run per tick with two workers', async () => {
    const w = world();
    const client = await setUp(w, 2);
    const label = freshName('two');
    const id = freshName('sched');
    const schedule = await client.schedule(Ticked, 'run', [label, false], { id, every: '1s', overlap: 'allow' });
    await eventually(() => expect(runsOf.get(label)?.size ?? 0).to.be.at.least(3), SLOW);
    await schedule.delete();
    const described = runsOf.get(label)!;
    // Each tick's id ran its code once: no worker started a second run for a tick.
    for (const [, times] of described) expect(times).to.equal(1);
    const ticks = [...described.keys()].map((runId) => runId.slice(id.length + 1));
    expect(new Set(ticks).size).to.equal(ticks.length);
  });

  it('refuses a bad cron expression and a short every before sending anything, naming the field', async () => {
    const w = world();
    const client = await setUp(w);
    const bad = await rejection(client.schedule(Ticked, 'run', ['x', false], { id: freshName('sched'), cron: '61 * * * *' }));
    expect(bad).to.be.instanceOf(InvalidScheduleError);
    expect(bad.field).to.equal('cron.minute');
    const short = await rejection(client.schedule(Ticked, 'run', ['x', false], { id: freshName('sched'), every: '200ms' }));
    expect(short.field).to.equal('every');
  });

  it('gives the running schedule back for the same spec, and refuses another spec under its id', async () => {
    const w = world();
    const client = await setUp(w);
    const id = freshName('sched');
    const label = freshName('same');
    const first = await client.schedule(Ticked, 'run', [label, false], { id, cron: '0 3 * * *' });
    const again = await client.schedule(Ticked, 'run', [label, false], { id, cron: '0 3 * * *' });
    expect(again.scheduleId).to.equal(first.scheduleId);
    const other = await rejection(client.schedule(Ticked, 'run', [label, false], { id, cron: '0 4 * * *' }));
    expect(other).to.be.instanceOf(InvalidScheduleError);
    expect(other.field).to.equal('id');
    const described: ScheduleDescription = await first.describe();
    expect(new Date(described.nextRunTimes[0]!).getUTCHours()).to.equal(3);
    await first.delete();
  });
};
