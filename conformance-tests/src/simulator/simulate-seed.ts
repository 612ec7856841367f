import type { SimBackend } from './backend';
import type { InjectedFault } from './fault-injector';
import { type FaultKind, WORKLOAD_FAULTS } from './fault-kinds';
import { checkRun, type Violation } from './invariants';
import { runSeed } from './run-seed';

/** The verdict on one seed. */
export interface SeedReport {
  readonly seed: number;
  readonly violations: readonly Violation[];
  readonly injected: readonly InjectedFault[];
  readonly faultSummary: string;
  readonly workflows: number;
  readonly workers: number;
  readonly virtualMs: number;
  /** Task attempts that reached the service again under the same task id (absorbed by idempotency). */
  readonly repeatedExecutions: number;
}

/**
 * Runs `seed` without faults, then with `kinds`, and checks the faulty run against its scripts and
 * against the fault-free one. The fault-free run keeps the kinds that shape the workload; when only those
 * are asked for, it is the run.
 */
export const simulateSeed = async (seed: number, kinds: readonly FaultKind[], backend: SimBackend): Promise<SeedReport> => {
  const shaping = kinds.filter((kind) => WORKLOAD_FAULTS.includes(kind));
  const faultFree = await runSeed(seed, shaping, backend);
  const striking = kinds.length > shaping.length;
  const run = striking ? await runSeed(seed, kinds, backend) : faultFree;
  return {
    seed,
    violations: checkRun(run, striking ? faultFree : undefined),
    injected: run.injected,
    faultSummary: run.faultSummary,
    workflows: run.workload.length,
    workers: run.workers,
    virtualMs: run.virtualMs,
    repeatedExecutions: run.ledger.repeatedExecutions(),
  };
};

/** A report's lines for a person: the seed, how to rerun it, the faults, and each violation. */
export const describeReport = (report: SeedReport, kinds: readonly FaultKind[], verbose: boolean): string[] => {
  const lines = [
    `seed ${report.seed}: ${report.violations.length === 0 ? 'ok' : `${report.violations.length} violation(s)`} — ${report.workflows} workflows, ${report.workers} workers, ${report.virtualMs} virtual ms`,
    `  rerun: npm run simulate -- --seed ${report.seed} --faults ${kinds.length ? kinds.join(',') : 'none'}`,
    `  faults injected: ${report.faultSummary}; task attempts repeated under one task id: ${report.repeatedExecutions}`,
  ];
  if (verbose) for (const f of report.injected) lines.push(`    +${f.at} ms ${f.kind}: ${f.detail}`);
  for (const v of report.violations) lines.push(`  VIOLATED ${v.invariant}${v.workflowId ? ` [${v.workflowId}]` : ''}: ${v.message}`);
  return lines;
};
