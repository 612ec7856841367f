import { runLongWorkflow } from '../long/long-workflow-run';
import type { BenchSetup } from './bench-setup';
import { formatCount, resultHeader } from './result-header';

const name = 'long-workflow.in-memory.in-memory';
const about = 'One workflow of many sequential tiny tasks with a warm cache: step time early and late in its history '
  + '(it should be flat), then the cost of replaying the whole history on a cache miss.';

/** Shows that a step costs the same at step 10,000 as at step 100, and what a full replay costs. */
export const longWorkflowSetup: BenchSetup = {
  name,
  about,
  run: async (scale) => {
    const header = resultHeader(name, about, scale);
    const figures = await runLongWorkflow(scale.longSteps);
    const first = figures.windows[0]!;
    const last = figures.windows[figures.windows.length - 1]!;
    console.log(`  ${name}: ${formatCount(figures.steps)} steps in ${formatCount(figures.totalMs)} ms; step ≈ ${first.medianStepMs} ms around ${first.around},`
      + ` ${last.medianStepMs} ms around ${last.around}; replay of ${formatCount(figures.historyEvents)} events ${figures.replay.totalMs} ms, cache-miss step ${figures.cacheMissStepMs} ms`);
    return {
      status: 'done',
      result: { ...header, ...figures },
      summary: [
        ...figures.windows.map((w) => ({ setup: name, measure: `step time, steps ${formatCount(w.fromStep)}–${formatCount(w.toStep)}`, value: `${w.medianStepMs} ms (median)` })),
        { setup: name, measure: `replay of ${formatCount(figures.historyEvents)} events`, value: `${figures.replay.totalMs} ms (read ${figures.replay.readMs}, decode ${figures.replay.decodeMs}, replay ${figures.replay.replayMs})` },
        { setup: name, measure: 'step after a cache miss (full replay)', value: `${figures.cacheMissStepMs} ms` },
      ],
    };
  },
};
