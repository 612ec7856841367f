import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

interface Run { inFlight: number; workflowsPerSecond: number; p50Ms: number; p99Ms: number; failures: number; machine: { loadAverage: number[] } }
interface Result {
  setup: string;
  machine: { date: string; cpus: number; node: string; gitCommit: string; loadAverage: number[] };
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
    parts.push(`**${r.setup}** — ${m.date.slice(0, 16).replace('T', ' ')} UTC, commit ${m.gitCommit.slice(0, 7)}, node ${m.node}, ${m.cpus} CPUs, load ${m.loadAverage.join(' / ')} at start`);
    if (r.runs?.length) {
      parts.push('', '| in flight | workflows/s | p50 ms | p99 ms | load (1 min) |', '|---:|---:|---:|---:|---:|');
      for (const run of r.runs) {
        parts.push(`| ${n(run.inFlight)} | ${n(run.workflowsPerSecond)}${run.failures > 0 ? ` (${run.failures} failed)` : ''} | ${run.p50Ms} | ${run.p99Ms} | ${run.machine.loadAverage[0]} |`);
      }
    }
    const more = extras(r);
    if (more.length > 0) parts.push('', ...more.map((line) => `- ${line}`));
    parts.push('');
  }
  return parts.join('\n');
};
