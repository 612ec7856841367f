import { createInMemoryHistoryStore, createInMemoryTransport, InMemoryBroker } from '@cadenza/in-memory';
import { BANK_WORKER_SETTINGS, startBankHarness } from '../bank/bank-harness';
import { type BankRun, runBankLevels } from '../bank/bank-runs';
import { measureSuspendedMemory } from '../memory/suspended-memory';
import { canForceGc } from '../support/force-gc';
import { type BenchSetup, type Target, targetText } from './bench-setup';
import { bankSummaryRows } from './bank-summary';
import { formatCount, resultHeader } from './result-header';

const name = 'bank-transfer.in-memory.in-memory';
const about = 'The bank transfer (withdraw, deposit, email) in one process on the in-memory transport and store: '
  + 'closed loops at each in-flight level, and the heap held per suspended workflow.';

/** The targets of the in-memory setup (read against, never asserted). */
const inMemoryTargets = (runs: readonly BankRun[]): Array<Target & { inFlight: number }> => {
  const targets: Array<Target & { inFlight: number }> = [];
  const atThousand = runs.find((r) => r.inFlight === 1_000);
  if (atThousand) {
    targets.push({ what: 'workflows/s at 1,000 in flight', inFlight: 1_000, target: '≥ 10,000 wf/s', measured: atThousand.workflowsPerSecond, met: atThousand.workflowsPerSecond >= 10_000 });
  }
  const sequential = runs.find((r) => r.inFlight === 1);
  if (sequential) targets.push({ what: 'p50 at 1 in flight (sequential)', inFlight: 1, target: 'p50 ≤ 0.5 ms', measured: sequential.p50Ms, met: sequential.p50Ms <= 0.5 });
  return targets;
};

/** The bank transfer with nothing but Cadenza's own work in the way. */
export const bankInMemorySetup: BenchSetup = {
  name,
  about,
  run: async (scale) => {
    if (!canForceGc()) throw new Error('the memory figure needs node --expose-gc (npm run bench passes it)');
    const header = resultHeader(name, about, scale);
    const harness = await startBankHarness({
      transport: createInMemoryTransport({ broker: new InMemoryBroker() }), history: createInMemoryHistoryStore(), namespace: 'bench',
    });
    let runs: BankRun[];
    try {
      runs = await runBankLevels(name, harness, scale.inMemory);
    } finally {
      await harness.stop();
    }
    const memory = await measureSuspendedMemory(scale.suspendedWorkflows);
    console.log(`  ${name}: ${formatCount(memory.workflows)} suspended workflows → ${formatCount(memory.bytesPerWorkflow)} bytes each`
      + ` (${formatCount(memory.cachedInstanceBytesPerWorkflow)} in the engine's cache)`);

    const targets = inMemoryTargets(runs);
    const targetFor = new Map(targets.map((t) => [t.inFlight, targetText(t)]));
    return {
      status: 'done',
      result: { ...header, worker: BANK_WORKER_SETTINGS, runs, memoryPerSuspendedWorkflowBytes: memory.bytesPerWorkflow, memory, targets },
      summary: [
        ...bankSummaryRows(name, runs, targetFor),
        { setup: name, measure: `memory per suspended workflow (${formatCount(memory.workflows)})`, value: `${formatCount(memory.bytesPerWorkflow)} B (cache ${formatCount(memory.cachedInstanceBytesPerWorkflow)} B)` },
      ],
    };
  },
};
