import { runTagFanOut } from '../tags/tag-fan-out-run';
import type { BenchSetup } from './bench-setup';
import { formatCount, resultHeader } from './result-header';

const name = 'tag-fan-out.in-memory.in-memory';
const about = '10,000 workflows started with one tag, each waiting on a channel, then one getByTag(...).send(...) to all of them '
  + '(pages of 500) on the in-memory transport and store: time until every instance accepted the signal, until all ended, and memory.';

/** The tag fan-out of issue 12: one call reaches every running instance with a tag. */
export const tagFanOutSetup: BenchSetup = {
  name,
  about,
  run: async (scale) => {
    const header = resultHeader(name, about, scale);
    const figures = await runTagFanOut(scale.name === 'quick' ? 1_000 : 10_000);
    const load = header.machine.loadAverage[0];
    console.log(`  ${name}: ${formatCount(figures.instances)} instances; delivered in ${formatCount(figures.deliverMs)} ms (${formatCount(figures.signalsPerSecond)}/s), `
      + `all ended in ${formatCount(figures.allEndedMs)} ms; ${figures.waitingHeapBytesPerInstance ?? '?'} B heap per waiting instance; load ${load}`);
    if (figures.accepted !== figures.instances || figures.listedAfterEnd !== 0) {
      throw new Error(`tag fan-out reached ${figures.accepted} of ${figures.instances} instances; ${figures.listedAfterEnd} still listed after all ended`);
    }
    return {
      status: 'done',
      result: { ...header, load, ...figures },
      summary: [
        { setup: name, measure: `signal to ${formatCount(figures.instances)} instances by tag: delivered / all ended`, value: `${formatCount(figures.deliverMs)} / ${formatCount(figures.allEndedMs)} ms` },
        { setup: name, measure: 'signals accepted per second (pages of 500)', value: formatCount(figures.signalsPerSecond) },
        { setup: name, measure: 'heap per waiting tagged instance', value: `${figures.waitingHeapBytesPerInstance ?? '?'} B` },
      ],
    };
  },
};
