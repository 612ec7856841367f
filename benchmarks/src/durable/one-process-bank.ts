import { startBankHarness } from '../bank/bank-harness';
import { freshName } from '../support/fresh-name';
import type { DurableLoad } from './counted-loop';
import { createDurableTransport, type DurableEnv } from './durable-env';
import { dropSchema } from './durable-schema';
import { type DurableRun, durableRunLine, measureDurableLoad } from './measured-run';
import { serverProcesses } from './infra-processes';

/** A run of a group; the one-process group also counts messages, with the harness's counting transport. */
export type DurableGroupRun = DurableRun & {
  /** Messages the worker and the client published per workflow of the load, warm-up included (one process only). */
  readonly messagesPerWorkflow?: number;
};

/** One run group of a durable setup: its loads in turn, on one deployment. */
export interface DurableGroup {
  /** `one-process` or `multi-process`. */
  readonly group: string;
  /** How the processes are laid out. */
  readonly about: string;
  readonly namespace: string;
  /** The PostgreSQL schema of the histories, fresh for the group and dropped after it. */
  readonly schema: string;
  readonly runs: readonly DurableGroupRun[];
  /** Servers whose process was not found here, so whose CPU is missing. */
  readonly notMeasured: readonly string[];
}

/** The servers of a durable setup: the broker (by its port) and PostgreSQL. */
export const durableServers = (env: DurableEnv) => [{ name: env.kind, port: env.brokerPort }, { name: 'postgres', port: env.postgresPort }];

/**
 * The bank transfer with the worker (workflow and both services) and the client in this process, histories
 * in PostgreSQL (the adapter's own pool, default size), every load in turn; workflow ids never repeat.
 */
export const runOneProcessBank = async (setup: string, env: DurableEnv, loads: readonly DurableLoad[]): Promise<DurableGroup> => {
  const postgres = await import('@cadenza/postgres');
  const namespace = freshName('bench');
  const schema = freshName('bench', '_');
  const history = postgres.createPostgresHistoryStore({ type: 'postgres', connectionString: env.postgresUrl, schema });
  try {
    await history.ready();
    const harness = await startBankHarness({ transport: await createDurableTransport(env), history, namespace });
    const { processes: servers, notFound } = await serverProcesses(durableServers(env));
    const processes = [{ name: 'node', pid: process.pid, node: true }, ...servers];
    const runs: DurableGroupRun[] = [];
    let base = 0;
    try {
      for (const load of loads) {
        harness.resetServices();
        harness.transport.resetCount();
        const offset = base;
        const measured = await measureDurableLoad(load, processes, (n) => harness.transfer(offset + n));
        const run = { ...measured, messagesPerWorkflow: Math.round((harness.transport.published / (load.warmup + load.workflows)) * 100) / 100 };
        base += load.warmup + load.workflows;
        console.log(durableRunLine(`${setup} one-process`, run));
        runs.push(run);
      }
    } finally {
      await harness.stop();
    }
    return { group: 'one-process', about: 'worker (workflow + both services) and client in one node process', namespace, schema, runs, notMeasured: notFound };
  } finally {
    await history.close().catch(() => undefined);
    await dropSchema(env.postgresUrl, schema);
  }
};
