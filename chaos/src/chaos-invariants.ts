import type { StoredEvent } from '@cadenza/core';
import type { LedgerLine } from '@cadenza/conformance';
import type { InjectedFault } from './fault-injector';
import type { TransferRecord } from './transfer-driver';

/** Which promise of the run one workflow broke. */
export type ChaosInvariant =
  | 'transfer-completed' // the client got its result
  | 'effect-once' // each step's effect under one task id, and that task id meaning one effect
  | 'money-conserved' // balances as the transfers say
  | 'single-outcome'; // one WorkflowCompleted in its history, and no other ending

export interface ChaosViolation {
  readonly invariant: ChaosInvariant;
  /** The workflow, or `*` for a run-wide one. */
  readonly workflowId: string;
  readonly message: string;
  /** The faults injected while the workflow ran, last first, as `kind (detail) at +s`: what preceded it. */
  readonly faultsBefore: readonly string[];
}

const STEPS = [
  { seq: 1, method: 'withdraw' },
  { seq: 2, method: 'deposit' },
  { seq: 3, method: 'send' },
] as const;

/** How long after the last step of a transfer that never ended its faults are still shown. */
const STUCK_WINDOW_MS = 30_000;

const taskWorkflow = (taskId: string): string => taskId.slice(0, taskId.lastIndexOf(':'));

/** Lines of the ledger by task id, in the order they were written. */
const byTask = (lines: readonly LedgerLine[]): Map<string, LedgerLine[]> => {
  const tasks = new Map<string, LedgerLine[]>();
  for (const line of lines) tasks.set(line.taskId, [...(tasks.get(line.taskId) ?? []), line]);
  return tasks;
};

/** Checks the run's invariants from what the client saw, the ledger the services wrote, and the retained histories. */
export const checkInvariants = (run: {
  readonly records: readonly TransferRecord[];
  readonly ledger: readonly LedgerLine[];
  /** Each transfer's retained history, by workflow id (`undefined`: none found). */
  readonly histories: ReadonlyMap<string, readonly StoredEvent[] | undefined>;
  readonly faults: readonly InjectedFault[];
  readonly startedAt: number;
}): ChaosViolation[] => {
  const violations: ChaosViolation[] = [];
  const lastStepAt = new Map<string, number>();
  for (const line of run.ledger) {
    const workflowId = taskWorkflow(line.taskId);
    lastStepAt.set(workflowId, Math.max(lastStepAt.get(workflowId) ?? 0, line.at));
  }
  const faultsDuring = (record: TransferRecord | undefined): string[] => {
    const from = record?.startedAt ?? run.startedAt;
    // One that never ended is shown the faults up to a while after its last step: what stopped it is there.
    const last = record && lastStepAt.get(record.transfer.id);
    const to = record?.completedAt ?? (last !== undefined ? last + STUCK_WINDOW_MS : Number.POSITIVE_INFINITY);
    return run.faults.filter((f) => f.at >= from && f.at <= to).reverse()
      .map((f) => `${f.kind} (${f.detail}) at +${((f.at - run.startedAt) / 1000).toFixed(1)} s`);
  };
  const add = (invariant: ChaosInvariant, record: TransferRecord | undefined, message: string) =>
    violations.push({ invariant, workflowId: record?.transfer.id ?? '*', message, faultsBefore: faultsDuring(record) });

  const tasks = byTask(run.ledger);
  const records = new Map(run.records.map((r) => [r.transfer.id, r]));
  const expected = new Map<string, number>();
  for (const record of run.records) {
    const { id, from, to, amount } = record.transfer;
    if (record.completedAt === undefined) {
      const ended = run.histories.get(id)?.some((e) => e.type === 'WorkflowCompleted');
      add('transfer-completed', record, record.error ? `its result rejected: ${record.error}`
        : ended ? 'no result, though its history has WorkflowCompleted: the reply never reached the client' : 'no result, and its history has no WorkflowCompleted');
    }
    const wanted = [{ account: from, delta: -amount }, { account: to, delta: amount }, { account: from, delta: 0 }];
    if (record.completedAt !== undefined) {
      expected.set(from, (expected.get(from) ?? 0) - amount);
      expected.set(to, (expected.get(to) ?? 0) + amount);
      STEPS.forEach(({ seq, method }, i) => {
        const lines = tasks.get(`${id}:${seq}`);
        const want = wanted[i]!;
        if (!lines) add('effect-once', record, `completed, but step ${seq} (${method}) never ran under task id ${id}:${seq}`);
        else if (lines.some((l) => l.method !== method || l.account !== want.account || l.delta !== want.delta)) {
          add('effect-once', record, `task id ${id}:${seq} ran as ${[...new Set(lines.map((l) => `${l.method}(${l.account}, ${l.delta})`))].join(' and ')}; expected ${method}(${want.account}, ${want.delta})`);
        }
      });
    }
  }
  for (const [taskId, lines] of tasks) {
    const workflowId = taskWorkflow(taskId);
    const seq = Number(taskId.slice(workflowId.length + 1));
    if (!STEPS.some((s) => s.seq === seq)) add('effect-once', records.get(workflowId), `an effect under an extra task id ${taskId}: ${lines[0]!.method}(${lines[0]!.account}, ${lines[0]!.delta})`);
  }

  // Effects are applied once per task id (the services are idempotent by it), so balances sum distinct task
  // ids; over the completed transfers only, as one without a result (already a violation) may be half done.
  const balances = new Map<string, number>();
  for (const [taskId, lines] of tasks) {
    if (records.get(taskWorkflow(taskId))?.completedAt === undefined) continue;
    balances.set(lines[0]!.account, (balances.get(lines[0]!.account) ?? 0) + lines[0]!.delta);
  }
  const total = [...balances.values()].reduce((sum, b) => sum + b, 0);
  if (total !== 0) add('money-conserved', undefined, `the accounts sum to ${total}, not 0`);
  for (const account of new Set([...balances.keys(), ...expected.keys()])) {
    const got = balances.get(account) ?? 0;
    const want = expected.get(account) ?? 0;
    if (got !== want) add('money-conserved', undefined, `${account} moved by ${got}, the completed transfers say ${want}`);
  }

  for (const record of run.records) {
    const history = run.histories.get(record.transfer.id);
    if (record.completedAt === undefined) continue;
    if (!history) {
      add('single-outcome', record, 'completed, but its history is gone (it is retained in a chaos run)');
      continue;
    }
    const count = (type: string) => history.filter((e) => e.type === type).length;
    const endings = ['WorkflowCompleted', 'WorkflowFailed', 'WorkflowCanceled'].map((type) => [type, count(type)] as const).filter(([, n]) => n > 0);
    if (endings.length !== 1 || endings[0]![0] !== 'WorkflowCompleted' || endings[0]![1] !== 1) {
      add('single-outcome', record, `its history ends ${endings.map(([type, n]) => `${n} × ${type}`).join(', ') || 'nowhere'}; expected 1 × WorkflowCompleted`);
    }
    if (count('TaskScheduled') !== 3 || count('TaskCompleted') !== 3) {
      add('single-outcome', record, `its history has ${count('TaskScheduled')} TaskScheduled and ${count('TaskCompleted')} TaskCompleted; expected 3 of each`);
    }
  }
  return violations;
};
