import type { EngineHarness } from './harness';
import { badInputCases } from './engine/bad-input.cases';
import { bankCases } from './engine/bank.cases';
import { channelCases } from './engine/channels.cases';
import { failureCases } from './engine/failures.cases';
import { duplicateCases } from './engine/duplicates.cases';
import { endedCases } from './engine/ended.cases';
import { featureCases } from './engine/features.cases';
import { lateOutcomeCases } from './engine/late-outcome.cases';
import { methodCases } from './engine/methods.cases';
import { outageCases } from './engine/outages.cases';
import { ownershipCases } from './engine/ownership.cases';
import { requestCases } from './engine/requests.cases';
import { retryCases } from './engine/retry.cases';
import { signalRaceCases } from './engine/signal-race.cases';
import { timeoutCases } from './engine/timeouts.cases';
import { updateCases } from './engine/updates.cases';
import { workflowCodeCases } from './engine/workflow-code.cases';
import { effectCases } from './engine/effects.cases';
import { delegatedCases } from './engine/delegated.cases';
import { versioningCases } from './engine/versioning.cases';
import { tagCases } from './engine/tags.cases';
import { operationCases } from './engine/operations.cases';
import { batchingCases } from './engine/batching.cases';
import { World } from './engine/world';
import { continueAsNewCases } from './engine/continue-as-new.cases';
import { scheduleCases } from './engine/schedules.cases';

export interface EngineSuiteOptions {
  /** The transport honours `deliverAt` (timers need it). @default true */
  readonly delayedDelivery?: boolean;
  /** Run the cases with a warm cache, with a replay at every step, or both. @default both */
  readonly modes?: ReadonlyArray<'warm cache' | 'replay every step'>;
}

/**
 * The engine's behaviour over one transport and one history store: the bank transfer, retries, failures
 * and `retry`, workers stopped mid-run, duplicated messages, non-determinism, timers, signals, children,
 * cancellation and bad input. Each case runs with a warm cache and again with a replay at every step.
 */
export function describeEngineConformance(h: EngineHarness, options: EngineSuiteOptions = {}): void {
  describe(`Engine conformance: ${h.name}`, function () {
    this.timeout(120_000);
    after(() => h.teardown());
    for (const mode of options.modes ?? ['warm cache', 'replay every step']) {
      describe(mode, () => {
        const worlds: World[] = [];
        const world = () => {
          const w = new World(h, mode === 'warm cache' ? 10_000 : 0);
          worlds.push(w);
          return w;
        };
        afterEach(async () => {
          for (const w of worlds.splice(0)) await w.close();
        });
        describe('bank transfer', () => bankCases(h, world));
        describe('failures and retry', () => failureCases(h, world));
        describe('timers, signals, children, parallel steps', () => featureCases(h, world, options.delayedDelivery ?? true));
        describe('bad input', () => badInputCases(h, world));
        describe('key ownership', () => ownershipCases(h, world));
        describe('late duplicates', () => duplicateCases(h, world));
        describe('retry', () => retryCases(h, world));
        describe('faulty workflow code', () => workflowCodeCases(h, world));
        describe('requests and answers', () => requestCases(h, world));
        describe('outages and dead letters', () => outageCases(h, world));
        describe('ended workflows', () => endedCases(h, world));
        describe('signals racing other steps', () => signalRaceCases(h, world));
        describe('late outcomes of a replaced round', () => lateOutcomeCases(h, world));
        describe('timeouts', () => timeoutCases(h, world, options.delayedDelivery ?? true));
        describe('side effects', () => effectCases(h, world));
        describe('delegated tasks', () => delegatedCases(h, world));
        describe('parallel methods and queries', () => methodCases(h, world));
        describe('typed channels, filters and limits', () => channelCases(h, world));
        describe('updates', () => updateCases(h, world));
        describe('versioning', () => versioningCases(h, world));
        describe('tags', () => tagCases(h, world));
        describe('operations on failed and waiting work', () => operationCases(h, world));
        describe('task batching', () => batchingCases(h, world));
        describe('continue-as-new', () => continueAsNewCases(h, world));
        if (options.delayedDelivery ?? true) describe('schedules', () => scheduleCases(h, world));
      });
    }
  });
}
