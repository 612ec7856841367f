import { DBOS } from '@dbos-inc/dbos-sdk';
import { Client } from 'pg';
import type { DurableLoad } from '../durable/counted-loop';
import { type DurableRun, durableRunLine, measureDurableLoad } from '../durable/measured-run';
import { serverProcesses } from '../durable/infra-processes';
import { freshName } from '../support/fresh-name';
import { hostAndPort } from '../support/reachable';
import { packageVersion } from './package-version';
import { createPeerBank, type WireRequest, wireRequest } from './peer-bank';
import type { PeerMeasure } from './peer-result';

/** `postgresUrl` with its database replaced by `database`. */
export const withDatabase = (postgresUrl: string, database: string): string => {
  const url = new URL(postgresUrl);
  url.pathname = `/${database}`;
  return url.toString();
};

const dropDatabase = async (postgresUrl: string, database: string): Promise<void> => {
  const client = new Client({ connectionString: postgresUrl });
  try {
    await client.connect();
    await client.query(`drop database if exists ${database} with (force)`);
  } catch (error) {
    console.warn(`  could not drop database ${database}: ${String(error)}`);
  } finally {
    await client.end().catch(() => undefined);
  }
};

/**
 * DBOS through our closed loop: a workflow with the three steps as `DBOS.runStep` in this process, its system
 * database a fresh PostgreSQL database (DBOS creates it; dropped at the end), DBOS defaults otherwise (logs at
 * warn); the client calls the workflow with the transfer id as workflow id and awaits its result.
 */
export const measureDbos = async (loads: readonly DurableLoad[], postgresUrl: string): Promise<PeerMeasure> => {
  const bank = createPeerBank();
  const wire = DBOS.registerWorkflow(async (r: WireRequest): Promise<string> => {
    await DBOS.runStep(async () => bank.withdraw(r), { name: 'withdraw' });
    await DBOS.runStep(async () => bank.deposit(r), { name: 'deposit' });
    await DBOS.runStep(async () => bank.email(r), { name: 'email' });
    return r.wireId;
  }, { name: 'wire' });
  const database = freshName('bench_dbos', '_');
  DBOS.setConfig({ name: 'cadenza-bench', systemDatabaseUrl: withDatabase(postgresUrl, database), logLevel: 'warn' });
  try {
    await DBOS.launch();
    const { processes: servers } = await serverProcesses([{ name: 'postgres', port: hostAndPort(postgresUrl, 5432).port }]);
    const processes = [{ name: 'node', pid: process.pid, node: true }, ...servers];
    const runs: DurableRun[] = [];
    let base = 0;
    for (const load of loads) {
      const offset = base;
      const run = await measureDurableLoad(load, processes, async (n) => {
        const r = wireRequest(offset + n);
        await DBOS.withNextWorkflowID(r.wireId, () => wire(r));
      });
      base += load.warmup + load.workflows;
      console.log(durableRunLine('dbos', run));
      runs.push(run);
    }
    return {
      system: 'dbos', version: `@dbos-inc/dbos-sdk ${packageVersion('@dbos-inc/dbos-sdk')}`,
      about: 'DBOS Transact: library in this process, workflow state in PostgreSQL (a fresh system database), the three steps in process',
      groups: [{ group: 'steps-in-process', about: 'one registered workflow, three DBOS.runStep, the result returned to the caller', runs }],
    };
  } finally {
    await DBOS.shutdown().catch(() => undefined);
    await dropDatabase(postgresUrl, database);
  }
};
