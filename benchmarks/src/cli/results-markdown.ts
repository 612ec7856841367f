import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/** One run as the setups write it; older and newer setups differ, so every field but the figures may be absent. */
interface Run {
  inFlight?: number; workflowsPerSecond?: number; p50Ms?: number; p99Ms?: number; failures?: number;
  /** What the run measured, when a setup runs several kinds (`mode`, `scenario`). */
  mode?: string; scenario?: string;
  machine?: { loadAverage?: number[] }; load?: number | number[];
}
interface Result extends Omit<Run, 'machine'> {
  setup?: string;
  /** CPU micro-benchmarks name themselves `bench`. */
  bench?: string;
  machine?: { date?: string; cpus?: number; node?: string; gitCommit?: string; loadAverage?: number[] };
  runs?: Run[];
  memoryPerSuspendedWorkflowBytes?: number;
  memory?: { workflows: number; cachedInstanceBytesPerWorkflow: number };
  ratio?: { ratio: number; workflowMessagesPerSecond: number; rawMessagesPerSecond: number; inFlight: number };
  ratioUnbatched?: { ratio: number; rawMessagesPerSecond: number };
  storeBenchmark?: {
    appendScenarios: Array<{ eventsPerAppend: number; streams: number; appendsPerSecond: number }>;
    batchedAppends?: { streams: number; appendsPerSecond: number };
    read: { events: number; medianMs: number };
  };
  windows?: Array<{ fromStep: number; toStep: number; medianStepMs: number }>;
  historyEvents?: number;
  replay?: { totalMs: number };
  cacheMissStepMs?: number;
}

const n = (value: number): string => Math.round(value).toLocaleString('en-US');
const orDash = (value: number | undefined, format: (v: number) => string = String): string => (value === undefined ? '—' : format(value));
/** The 1-minute load a run recorded, wherever its setup put it. */
const loadOf = (run: Run, r: Result): number | undefined => {
  const load = run.machine?.loadAverage?.[0] ?? run.load ?? r.load ?? r.machine?.loadAverage?.[0];
  return Array.isArray(load) ? load[0] : load;
};
/** A result's runs: its `runs`, or the result itself when a setup wrote one run's figures at its top level. */
const runsOf = (r: Result): Run[] => r.runs ?? (r.workflowsPerSecond !== undefined ? [{ ...r, machine: undefined }] : []);

const extras = (r: Result): string[] => {
  const lines: string[] = [];
  if (r.memoryPerSuspendedWorkflowBytes !== undefined && r.memory) {
    lines.push(`memory per suspended workflow: ${n(r.memoryPerSuspendedWorkflowBytes)} B (${n(r.memory.cachedInstanceBytesPerWorkflow)} B of it the cached instance; ${n(r.memory.workflows)} workflows)`);
  }
  if (r.ratio) lines.push(`workflow msgs/s ÷ raw msgs/s: ${r.ratio.ratio} (${n(r.ratio.workflowMessagesPerSecond)} ÷ ${n(r.ratio.rawMessagesPerSecond)}, at ${n(r.ratio.inFlight)} in flight)`
    + (r.ratioUnbatched ? `; against unbatched produce ${r.ratioUnbatched.ratio} (÷ ${n(r.ratioUnbatched.rawMessagesPerSecond)})` : ''));
  if (r.storeBenchmark) {
    const { appendScenarios, batchedAppends, read } = r.storeBenchmark;
    const appends = appendScenarios.map((a) => `${n(a.appendsPerSecond)} (${a.eventsPerAppend}-event, ${a.streams} stream${a.streams > 1 ? 's' : ''})`);
    if (batchedAppends) appends.push(`${n(batchedAppends.appendsPerSecond)} (appendMany over ${batchedAppends.streams} streams)`);
    lines.push(`store appends/s: ${appends.join(', ')}; read of ${n(read.events)} events ${read.medianMs} ms`);
  }
  for (const w of r.windows ?? []) lines.push(`step time, steps ${n(w.fromStep)}–${n(w.toStep)}: ${w.medianStepMs} ms (median)`);
  if (r.replay && r.historyEvents !== undefined) lines.push(`replay of ${n(r.historyEvents)} events: ${r.replay.totalMs} ms; step after a cache miss: ${r.cacheMissStepMs} ms`);
  return lines;
};

/** The result files of `dir` as Markdown: per setup, when and on what it ran, a table of runs and its other figures. */
export const resultsMarkdown = async (dir: string): Promise<string> => {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.json')).sort();
  const parts: string[] = [];
  for (const file of files) {
    const r = JSON.parse(await readFile(path.join(dir, file), 'utf8')) as Result;
    const m = r.machine;
    const name = r.setup ?? r.bench ?? file.replace(/\.json$/, '');
    const facts = m && [
      m.date && `${m.date.slice(0, 16).replace('T', ' ')} UTC`, m.gitCommit && `commit ${m.gitCommit.slice(0, 7)}`, m.node && `node ${m.node}`,
      m.cpus && `${m.cpus} CPUs`, m.loadAverage && `load ${m.loadAverage.join(' / ')} at start`,
    ].filter(Boolean).join(', ');
    parts.push(`**${name}** — ${facts || 'no machine recorded'}`);
    const runs = runsOf(r);
    if (runs.length > 0) {
      parts.push('', '| run | in flight | workflows/s | p50 ms | p99 ms | load (1 min) |', '|---|---:|---:|---:|---:|---:|');
      for (const run of runs) {
        const failed = run.failures !== undefined && run.failures > 0 ? ` (${run.failures} failed)` : '';
        parts.push(`| ${run.mode ?? run.scenario ?? ''} | ${orDash(run.inFlight, n)} | ${orDash(run.workflowsPerSecond, n)}${failed} | ${orDash(run.p50Ms)} | ${orDash(run.p99Ms)} | ${orDash(loadOf(run, r))} |`);
      }
    }
    const more = extras(r);
    if (more.length > 0) parts.push('', ...more.map((line) => `- ${line}`));
    parts.push('');
  }
  return parts.join('\n');
};
