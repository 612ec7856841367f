import type { Transport } from '@cadenza/core';
import type { TransportConfig } from './events/restart.cases';
import { World } from './engine/world';
import { bankEventCases } from './events/bank-events.cases';
import { lateListenerCases } from './events/late-listener.cases';
import { restartCases } from './events/restart.cases';
import type { EngineHarness } from './harness';

/** What the events suite needs: the engine harness, and a way to kill a listener's process where there is one. */
export interface EventsHarness extends EngineHarness {
  /**
   * Ends a transport made by `createTransport` as a killed process would: at once, nothing acknowledged that was
   * in flight. Absent: the case that needs it shows as pending.
   */
  crash?(transport: Transport): void;
  /**
   * The `transport` section of a config that reaches the harness's broker from another process: with it, a
   * listener process is SIGKILLed mid-stream. Absent: that case shows as pending.
   */
  readonly processTransport?: TransportConfig;
}

/**
 * Events over one transport: the bank transfer's CloudEvents, a listener started late from earliest, a flaky
 * task's failed attempts, and a listener stopped (or killed) mid-stream that resumes in its group missing none.
 */
export function describeEventsConformance(h: EventsHarness): void {
  describe(`Events conformance: ${h.name}`, function () {
    this.timeout(120_000);
    after(() => h.teardown());
    const worlds: World[] = [];
    const world = () => {
      const w = new World(h, 10_000);
      worlds.push(w);
      return w;
    };
    afterEach(async () => {
      for (const w of worlds.splice(0)) await w.close();
    });
    describe('the bank transfer and a flaky task', () => bankEventCases(world));
    describe('a listener started late', () => lateListenerCases(world));
    describe('a listener stopped and restarted', () => restartCases(world, { ...(h.crash ? { crash: h.crash.bind(h) } : {}), ...(h.processTransport ? { processTransport: h.processTransport } : {}) }));
  });
}
