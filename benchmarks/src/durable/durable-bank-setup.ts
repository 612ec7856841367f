import { BANK_WORKER_SETTINGS } from '../bank/bank-harness';
import type { BenchSetup, SummaryRow } from '../setups/bench-setup';
import { formatCount, resultHeader } from '../setups/result-header';
import { type DurableEnv, type DurableTransportKind, reachableDurableEnv } from './durable-env';
import { durableLoads, loadText } from './durable-loads';
import type { DurableRun } from './measured-run';
import { type DurableGroup, runOneProcessBank } from './one-process-bank';
import { runMultiProcessBank } from './multi-process-bank';

const percent = (share: number): string => `${Math.round(share * 100)} %`;

/** Issue 13's targets for a durable setup's run, with ✓ or ✗ (read, never asserted): ≥ 2,000 wf/s at 300 in
 *  flight, p50 ≤ 5 ms one at a time; none at other levels. */
export const durableTarget = (run: Pick<DurableRun, 'inFlight' | 'workflowsPerSecond' | 'p50Ms'>): string | undefined => {
  if (run.inFlight === 300) return `≥ 2,000 wf/s ${run.workflowsPerSecond >= 2_000 ? '✓' : '✗'}`;
  if (run.inFlight === 1) return `p50 ≤ 5 ms ${run.p50Ms <= 5 ? '✓' : '✗'}`;
  return undefined;
};

/** One summary row per run of a group: throughput, latency, node CPU per workflow, broker and PostgreSQL. */
export const durableSummaryRows = (setup: string, group: string, runs: readonly DurableRun[]): SummaryRow[] =>
  runs.map((run) => ({
    setup,
    measure: `${group}, ${loadText(run)}`,
    value: `${formatCount(run.workflowsPerSecond)} wf/s, p50 ${run.p50Ms} ms, p99 ${run.p99Ms} ms; node ${run.cpu.nodeMsPerWorkflow} ms CPU/wf; `
      + run.cpu.processes.filter((p) => p.name === 'postgres' || p.name === 'kafka' || p.name === 'pulsar').map((p) => `${p.name} ${percent(p.coreShare)} of a core`).join(', ')
      + (run.failures > 0 ? `; ${run.failures} FAILED` : ''),
    ...(durableTarget(run) !== undefined ? { target: durableTarget(run) } : {}),
  }));

/** What the one-process group of a durable setup measured (what `bench:peers` compares the peers with). */
export const measureOneProcess = (setup: string, env: DurableEnv, scale: 'full' | 'quick'): Promise<DurableGroup> =>
  runOneProcessBank(setup, env, durableLoads(scale));

/**
 * `bank-transfer.<kafka|pulsar>.postgres`: the bank transfer as users deploy it, a broker plus PostgreSQL,
 * in one process and then in three (workflow worker, service worker, client), at the loads; each
 * run records the node CPU per workflow and the broker's and PostgreSQL's CPU over its window.
 */
export const durableBankSetup = (kind: DurableTransportKind): BenchSetup => {
  const name = `bank-transfer.${kind}.postgres`;
  const about = `The bank transfer on ${kind === 'kafka' ? 'Kafka' : 'Pulsar'} with its history in PostgreSQL, N workflows at C in flight after a warm-up, `
    + 'in one process and in three (workflow worker, service worker, client); node CPU per workflow and the broker\'s and PostgreSQL\'s CPU over each window.';
  return {
    name,
    about,
    run: async (scale) => {
      const env = await reachableDurableEnv(kind);
      if ('skipped' in env) return { status: 'skipped', reason: env.skipped };
      const header = resultHeader(name, about, scale);
      const loads = durableLoads(scale.name);
      const oneProcess = await runOneProcessBank(name, env, loads);
      const multiProcess = await runMultiProcessBank(name, env, loads);
      return {
        status: 'done',
        result: {
          ...header, worker: BANK_WORKER_SETTINGS, history: 'PostgreSQL, the adapter\'s own pool (default size 10), a fresh schema per group', loads,
          runs: oneProcess.runs, oneProcess, multiProcess,
        },
        summary: [...durableSummaryRows(name, 'one process', oneProcess.runs), ...durableSummaryRows(name, 'three processes', multiProcess.runs)],
      };
    },
  };
};
