import type { LatencyStats } from '../support/latency-stats';
import { type MachineSnapshot, machineSnapshot } from '../support/machine';
import { type CpuFigure, type CpuTarget, openCpuWindow } from '../support/proc-cpu-window';
import { type DurableLoad, runCountedLoop } from './counted-loop';

/** A process whose CPU a run measures; `node` ones add up to the node CPU per workflow. */
export interface MeasuredProcess extends CpuTarget {
  readonly node: boolean;
}

/** One load of a durable setup or a peer, as the result files hold it. */
export interface DurableRun extends Omit<LatencyStats, 'count'> {
  readonly inFlight: number;
  readonly warmup: number;
  readonly workflows: number;
  readonly windowMs: number;
  readonly workflowsPerSecond: number;
  readonly failures: number;
  readonly firstFailure?: string;
  /** Over the measured window, from `/proc/<pid>/stat`. */
  readonly cpu: {
    /** CPU of every node process of the system under test (client and workers) per finished workflow, in ms. */
    readonly nodeMsPerWorkflow: number;
    /** Each measured process: the node ones, the broker (`kafka`, `pulsar`, `restate-server`), `postgres`. */
    readonly processes: readonly CpuFigure[];
  };
  /** `os.loadavg()` when the run ended. */
  readonly load: readonly [number, number, number];
  readonly machine: MachineSnapshot;
}

/** Runs one counted load with a CPU window over its measured part. */
export const measureDurableLoad = async (load: DurableLoad, processes: readonly MeasuredProcess[], runOne: (n: number) => Promise<void>): Promise<DurableRun> => {
  let window: Awaited<ReturnType<typeof openCpuWindow>> | undefined;
  let figures: CpuFigure[] = [];
  const result = await runCountedLoop({
    load, runOne,
    onWindowOpen: async () => { window = await openCpuWindow(processes); },
    onWindowClose: async (finished) => { figures = (await window?.close(finished)) ?? []; },
  });
  const nodeNames = new Set(processes.filter((p) => p.node).map((p) => p.name));
  const nodeMs = figures.filter((f) => nodeNames.has(f.name)).reduce((sum, f) => sum + f.cpuMs, 0);
  const { latency: { count: _count, ...latency }, ...rest } = result;
  const machine = machineSnapshot();
  return {
    ...rest, ...latency,
    cpu: { nodeMsPerWorkflow: result.workflows > 0 ? Math.round((nodeMs / result.workflows) * 1000) / 1000 : Number.NaN, processes: figures },
    load: machine.loadAverage, machine,
  };
};

/** The progress line of one run. */
export const durableRunLine = (label: string, run: DurableRun): string => {
  const shares = run.cpu.processes.filter((p) => !p.name.startsWith('node') && p.name !== 'client' && !p.name.endsWith('worker'))
    .map((p) => `${p.name} ${Math.round(p.coreShare * 100)} % of a core`).join(', ');
  return `  ${label}: ${run.workflows.toLocaleString('en-US')} @ ${run.inFlight} → ${run.workflowsPerSecond.toLocaleString('en-US')} wf/s, p50 ${run.p50Ms} ms, p99 ${run.p99Ms} ms;`
    + ` node ${run.cpu.nodeMsPerWorkflow} ms CPU/wf${shares ? `, ${shares}` : ''} (load ${run.load[0]})`
    + (run.failures > 0 ? ` — ${run.failures} FAILED, first: ${run.firstFailure}` : '');
};
