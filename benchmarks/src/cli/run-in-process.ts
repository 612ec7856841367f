import { performance } from 'node:perf_hooks';
import type { BenchSetup } from '../setups/bench-setup';
import type { Scale } from '../setups/scale';
import { writeResult } from '../support/write-result';
import type { SetupReport } from './setup-report';

const describeError = (error: unknown): string =>
  error instanceof Error ? `${error.name}: ${error.message}${error.cause ? ` (cause: ${describeError(error.cause)})` : ''}` : String(error);

/** Runs one setup here: prints its progress, writes its result when `resultsDir` is set, and reports. */
export const runSetupHere = async (setup: BenchSetup, scale: Scale, resultsDir: string | undefined): Promise<SetupReport> => {
  console.log(`▶ ${setup.name} — ${setup.about}`);
  const started = performance.now();
  try {
    const outcome = await setup.run(scale);
    if (outcome.status === 'skipped') {
      console.log(`  skipped ${setup.name}: ${outcome.reason}; nothing written`);
      return { setup: setup.name, status: 'skipped', reason: outcome.reason };
    }
    const seconds = Math.round((performance.now() - started) / 100) / 10;
    if (resultsDir === undefined) {
      console.log(`  ${setup.name} done in ${seconds} s (quick run: nothing written)`);
      return { setup: setup.name, status: 'done', summary: outcome.summary };
    }
    const file = await writeResult(resultsDir, setup.name, outcome.result);
    console.log(`  ${setup.name} done in ${seconds} s → ${file}`);
    return { setup: setup.name, status: 'done', summary: outcome.summary, file };
  } catch (error) {
    const reason = describeError(error);
    console.error(`  FAILED ${setup.name}: ${reason}`);
    if (error instanceof Error && error.stack) console.error(error.stack);
    return { setup: setup.name, status: 'failed', reason };
  }
};
