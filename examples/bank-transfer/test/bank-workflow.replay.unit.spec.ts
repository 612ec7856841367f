import { decodeStoredEvent, foldHistory, replay, type StoredEvent, type WorkflowState } from '@cadenza/core';
import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BankWorkflow } from '../src';

const folder = join(__dirname, '../../test/histories/bank-workflow');
const load = (file: string): { workflowId: string; events: StoredEvent[] } =>
  JSON.parse(readFileSync(join(folder, file), 'utf8')) as { workflowId: string; events: StoredEvent[] };

const recordedOf = (history: { events: StoredEvent[] }) => history.events.map((event) => decodeStoredEvent('bank-workflow', event));
const replayFile = (history: { workflowId: string; events: StoredEvent[] }) =>
  replay(BankWorkflow, history.workflowId, recordedOf(history), history.events.length - 1);

/** What a state says of the workflow, comparable with deep equality. */
const summary = (state: WorkflowState) => ({
  status: state.status, outcome: state.outcome, retries: state.retries, revision: state.revision, open: [...state.open],
  tasks: [...state.tasks], waiters: state.waiters, causes: [...state.applied.keys()],
});

describe('BankWorkflow replays its recorded histories', () => {
  const files = readdirSync(folder).filter((f) => f.endsWith('.json')).sort();

  it('has recorded histories to replay', () => {
    expect(files).to.include.members(['0.1.0-completed.json', '0.1.0-failed-then-retried.json']);
  });

  for (const file of files) {
    it(`${file}: replays to the end with no new commands`, async () => {
      const instance = await replayFile(load(file));
      expect(instance.status).to.equal('completed');
      expect(instance.takeCommands()).to.deep.equal([]);
      expect([...instance.open]).to.deep.equal([]);
    });

    it(`${file}: folds, without running code, into the state its replay holds`, async () => {
      const history = load(file);
      const folded = foldHistory(history.workflowId, recordedOf(history), history.events.length - 1);
      expect(folded.status).to.equal('completed');
      expect(summary(folded)).to.deep.equal(summary((await replayFile(history)).state));
    });
  }

  it('a changed call at step 2 fails, naming the recorded and the new command', async () => {
    const history = load('0.1.0-completed.json');
    const changed = history.events.map((event) => {
      const data = event.data as { type: string; seq?: number; method?: string };
      return data.type === 'TaskScheduled' && data.seq === 2 ? { ...event, data: { ...data, method: 'refund' } } : event;
    });
    let error: unknown;
    await replayFile({ ...history, events: changed }).catch((e: unknown) => (error = e));
    expect(error).to.have.property('code', 'NON_DETERMINISM');
    expect((error as Error).message).to.match(/BankService\.refund.*BankService\.deposit/);
  });
});
