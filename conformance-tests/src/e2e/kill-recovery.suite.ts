import { type AdapterConfig, type CadenzaConfig, createClient, type WorkflowHandle } from '@cadenza/core';
import { BankWorkflow } from '@cadenza/example-bank-transfer';
import { expect } from 'chai';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as t from 'io-ts';
import { eventually } from '../support/eventually';
import { freshName } from '../support/fresh-name';
import { awaitResults } from './await-results';
import { killProcess, startReadyProcess } from './ready-process';
import { distinctTasks, readLedger } from './ledger-file';

export interface KillRecoveryOptions {
  /** Shown in the titles, e.g. `kafka + postgres`. */
  readonly name: string;
  /** Config of a transport and a history store that separate processes share (durable ones). */
  readonly transport: t.TypeOf<typeof AdapterConfig>;
  readonly history: t.TypeOf<typeof AdapterConfig>;
  /** Stops and starts the broker, keeping its data; when given, a broker-restart case runs too. */
  readonly restartBroker?: () => Promise<void>;
  /** Workflows per case. @default 60 */
  readonly workflows?: number;
  /** How long every workflow may take to complete once the disruption is over, in ms; past it the case
   *  fails naming the workflows without a result.
   *  @default 150_000 */
  readonly recoveryTimeoutMs?: number;
}

const script = join(__dirname, 'worker-process.js');

/** Starts a worker process and resolves once it printed `ready` (see {@link startReadyProcess}). */
const startProcess = (role: 'workflows' | 'services', config: CadenzaConfig, ledger: string, started: ChildProcess[]): Promise<ChildProcess> =>
  startReadyProcess(script, [role], { CADENZA_E2E_CONFIG: JSON.stringify(config), CADENZA_E2E_LEDGER: ledger }, started, `${role} worker`);

/**
 * Separate OS processes run the bank workflow and its services over a real broker and a durable store;
 * they are SIGKILLed mid-run (and, when the harness can, the broker is restarted), new ones start, and
 * every workflow must complete with each of its three steps applied under exactly one task id.
 */
export function describeKillRecovery(o: KillRecoveryOptions): void {
  describe(`Kill and restart, separate processes: ${o.name}`, function () {
    this.timeout(300_000);
    const count = o.workflows ?? 60;
    const recoveryTimeoutMs = o.recoveryTimeoutMs ?? 150_000;
    const processes: ChildProcess[] = [];
    afterEach(async () => {
      await Promise.all(processes.splice(0).map(killProcess));
    });

    /** Runs `count` transfers across two worker processes and lets `disrupt` strike once they are under way. */
    const run = async (disruption: string, disrupt: (workers: { current: ChildProcess[]; respawn(): Promise<void> }) => Promise<void>) => {
      const namespace = freshName('e2e').replace(/[^A-Za-z0-9_-]/g, '-');
      const config: CadenzaConfig = { namespace, transport: o.transport, history: o.history };
      const ledger = join(mkdtempSync(join(tmpdir(), 'cadenza-e2e-')), 'ledger.jsonl');
      const workers = {
        current: [] as ChildProcess[],
        respawn: async () => {
          workers.current = await Promise.all([startProcess('workflows', config, ledger, processes), startProcess('services', config, ledger, processes)]);
        },
      };
      await workers.respawn();
      const client = createClient({ ...config, logLevel: 'silent' });
      try {
        const handles: WorkflowHandle[] = [];
        for (let i = 0; i < count; i++) {
          const id = `e2e-${i}`;
          handles.push(await client.dispatch(client.newWorkflow(BankWorkflow, { id }).wire, id, i % 2 ? 'alice' : 'bob', i % 2 ? 'bob' : 'alice', 1 + (i % 5)));
        }
        // Strike once a third of the steps ran, so workflows are caught at every stage.
        await eventually(() => expect(distinctTasks(readLedger(ledger)).size, 'distinct tasks run before the disruption').to.be.at.least(count),
          { timeoutMs: 120_000 });
        await disrupt(workers);
        await awaitResults(handles, recoveryTimeoutMs, disruption);
        const tasks = distinctTasks(readLedger(ledger));
        expect(tasks.size, 'distinct task ids').to.equal(count * 3);
        for (let i = 0; i < count; i++) {
          expect([1, 2, 3].map((step) => tasks.get(`e2e-${i}:${step}`)?.method), `steps of e2e-${i}`).to.deep.equal(['withdraw', 'deposit', 'send']);
        }
        expect([...tasks.values()].reduce((sum, l) => sum + l.delta, 0), 'money created or lost').to.equal(0);
      } finally {
        await client.close();
      }
    };

    it('SIGKILLed workflow and service workers: new ones complete every workflow, each step under one task id', async () => {
      await run('the workers were killed and new ones started', async (workers) => {
        await Promise.all(workers.current.map(killProcess));
        await workers.respawn();
      });
    });

    if (o.restartBroker) {
      const restart = o.restartBroker;
      it('a broker restart mid-run: every workflow completes, each step under one task id', async () => {
        await run('the broker restarted', async () => {
          await restart();
        });
      });
    }
  });
}
