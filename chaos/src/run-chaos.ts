import { machineSnapshot } from '@cadenza/benchmarks';
import { freshName, readLedger } from '@cadenza/conformance';
import { type CadenzaConfig, createClient } from '@cadenza/core';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkInvariants } from './chaos-invariants';
import { type ChaosOptions, resolveChaosOptions } from './chaos-options';
import type { ChaosReport } from './chaos-report';
import { FaultInjector } from './fault-injector';
import { readHistories } from './history-probe';
import { privateBroker, privatePostgres } from './private-servers';
import { stallStats } from './stall-stats';
import { makeTransfers, TransferDriver } from './transfer-driver';
import { WorkerPool } from './worker-pool';

const WORKFLOW_WORKERS = 2;
const SERVICE_WORKERS = 2;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves `true` once `done` is, or `false` after `ms`. */
const within = async (done: Promise<unknown>, ms: number): Promise<boolean> => {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([done.then(() => true as const), late]);
  } finally {
    clearTimeout(timer);
  }
};

/**
 * The chaos run: a private broker and PostgreSQL cluster, two workflow and two service worker processes,
 * a client in this process driving the transfers, and faults injected until `durationS` passed or every
 * transfer completed. Returns the report, violations included (it does not throw for them); throws only
 * when the servers cannot be started.
 */
export const runChaos = async (options: ChaosOptions): Promise<ChaosReport> => {
  const o = resolveChaosOptions(options);
  const work = mkdtempSync(join(tmpdir(), 'cadenza-chaos-'));
  // The PostgreSQL cluster runs as the postgres OS user (when we are root), which must reach its folder.
  chmodSync(work, 0o755);
  const broker = privateBroker(o.transport, o.basePort, join(work, o.transport));
  const postgres = privatePostgres(o.basePort + 3, join(work, 'postgres'));
  const namespace = freshName('chaos').replace(/[^A-Za-z0-9_-]/g, '-');
  const config: CadenzaConfig = { namespace, transport: broker.config, history: postgres.config, retainHistory: true };
  const ledger = join(work, 'ledger.jsonl');
  const workers = new WorkerPool(config, ledger);
  const started = machineSnapshot();
  o.log(`chaos: starting ${broker.server.name} and ${postgres.server.name} in ${work}`);
  try {
    await Promise.all([broker.server.start(), postgres.server.start()]);
    await workers.add('workflows', WORKFLOW_WORKERS);
    await workers.add('services', SERVICE_WORKERS);
    const client = createClient({ ...config, logLevel: 'silent' });
    const driver = new TransferDriver(client, makeTransfers('chaos', o.transfers), o.inFlight);
    const injector = new FaultInjector(o, { workers, broker: broker.server, postgres: postgres.server });
    try {
      const startedAt = Date.now();
      const running = driver.run();
      injector.start();
      o.log(`chaos: ${o.transfers} transfers, ${o.inFlight} at once; a kill every ${o.killEveryMs} ms, a broker restart every ${o.brokerRestartEveryMs} ms, a PostgreSQL restart every ${o.pgRestartEveryMs} ms, for ${o.durationS} s at most`);
      const progress = setInterval(() => {
        const s = ((Date.now() - startedAt) / 1000).toFixed(0);
        o.log(`chaos: +${s} s  completed ${driver.completed}/${o.transfers}  failed ${driver.failed}  in flight ${driver.dispatched - driver.completed - driver.failed}  kills ${injector.count('kill')}  broker restarts ${injector.count('broker-restart')}  pg restarts ${injector.count('pg-restart')}  crashes ${workers.unexpectedExits.length}`);
      }, o.progressEveryMs);
      try {
        await within(running, o.durationS * 1000);
        await injector.stop();
        const faultsEndedAt = Date.now();
        o.log(`chaos: faults stopped after ${((faultsEndedAt - startedAt) / 1000).toFixed(1)} s; waiting up to ${o.settleTimeoutMs / 1000} s for the rest`);
        if (!(await within(running, o.settleTimeoutMs))) {
          driver.stop();
          o.log(`chaos: ${driver.unfinished().length} transfers had no result ${o.settleTimeoutMs / 1000} s after the faults stopped`);
        }
        const completions = driver.records.flatMap((r) => (r.completedAt === undefined ? [] : [r.completedAt]));
        const lastCompletion = Math.max(startedAt, ...completions);
        const underFaults = completions.filter((t) => t <= faultsEndedAt).length;
        // Let the workers write the steps that were under way, so the ledger is complete before it is checked.
        await sleep(1_000);
        const lines = readLedger(ledger);
        const histories = await readHistories(config, driver.records.filter((r) => r.startedAt !== undefined).map((r) => r.transfer.id));
        const violations = checkInvariants({ records: driver.records, ledger: lines, histories, faults: injector.faults, startedAt });
        const counts: Record<string, number> = {};
        for (const v of violations) counts[v.invariant] = (counts[v.invariant] ?? 0) + 1;
        const { log: _log, ...shownOptions } = o;
        return {
          setup: `chaos.${o.transport}.${o.history}`,
          about: `Bank transfers over a private ${o.transport} broker and PostgreSQL cluster, ${WORKFLOW_WORKERS} workflow and ${SERVICE_WORKERS} service worker processes, a random worker SIGKILLed and restarted, the broker and PostgreSQL restarted on their periods. A stall is the time from the start of a fault to the first step (or completed transfer) after it was over.`,
          command: `npm run chaos -- --transport ${o.transport} --history ${o.history} --transfers ${o.transfers} --duration-s ${o.durationS} --kill-every-ms ${o.killEveryMs} --broker-restart-every-ms ${o.brokerRestartEveryMs} --pg-restart-every-ms ${o.pgRestartEveryMs} --seed ${o.seed}`,
          options: shownOptions,
          namespace,
          machine: { start: started, end: machineSnapshot() },
          processes: { workflowWorkers: WORKFLOW_WORKERS, serviceWorkers: SERVICE_WORKERS, started: workers.started, unexpectedExits: workers.unexpectedExits },
          transfers: {
            requested: o.transfers,
            dispatched: driver.dispatched,
            completed: driver.completed,
            failed: driver.failed,
            dispatchRetries: driver.records.reduce((n, r) => n + Math.max(0, r.dispatches - 1), 0),
            executions: lines.length,
            distinctTasks: new Set(lines.map((l) => l.taskId)).size,
          },
          elapsedMs: lastCompletion - startedAt,
          throughputPerSecond: round(driver.completed / Math.max(0.001, (lastCompletion - startedAt) / 1000)),
          throughputUnderFaultsPerSecond: round(underFaults / Math.max(0.001, (faultsEndedAt - startedAt) / 1000)),
          faultsInjectedMs: faultsEndedAt - startedAt,
          stalls: stallStats(injector.faults, lines.map((l) => l.at), completions),
          faults: injector.faults,
          violations,
          violationCounts: counts,
          unfinished: driver.unfinished().slice(0, 50).map((r) => `${r.transfer.id}: ${r.error ?? (r.startedAt === undefined ? 'never started' : 'no result')}`),
        };
      } finally {
        clearInterval(progress);
        await injector.stop();
      }
    } finally {
      driver.stop();
      await client.close();
    }
  } finally {
    await workers.close();
    await Promise.allSettled([broker.server.remove(), postgres.server.remove()]);
    rmSync(work, { recursive: true, force: true });
  }
};

const round = (n: number): number => Math.round(n * 100) / 100;
