import type { Cluster } from './cluster';
import type { FaultInjector } from './fault-injector';
import type { Outage } from './faulty-store';
import type { Prng } from './prng';
import type { VirtualClock } from './virtual-clock';

/** Store outages of a run: one or two windows of 1 to 15 s in the first 25 s. */
export const planOutages = (faults: FaultInjector, rng: Prng, start: number): Outage[] => {
  if (!faults.has('store-outage')) return [];
  return Array.from({ length: rng.int(1, 2) }, () => {
    const offset = rng.int(0, 250) * 100;
    const length = rng.int(10, 150) * 100;
    faults.record('store-outage', `the store is down from +${offset} to +${offset + length} ms`);
    return { from: start + offset, until: start + offset + length };
  });
};

/**
 * Puts the membership faults on the virtual clock: workers stopping and rejoining (keys move away and
 * back), workers crashing and being replaced, caches cleared. Which slot is hit is drawn when the fault
 * fires, from what runs then; one worker always stays up.
 */
export const scheduleMembershipFaults = (cluster: Cluster, faults: FaultInjector, rng: Prng, clock: VirtualClock, failures: string[]): void => {
  const at = (ms: number, run: () => void) => clock.setTimer(clock.now() + ms, run);
  const restart = (slot: number, after: number) => at(after, () => {
    cluster.start(slot).catch((error: unknown) => failures.push(`worker ${slot} did not start: ${String(error)}`));
  });
  const victim = (): number | undefined => {
    const running = cluster.running();
    return running.length >= 2 ? rng.pick(running) : undefined;
  };
  if (faults.has('key-moves')) {
    for (let i = rng.int(1, 3); i > 0; i--) {
      at(rng.int(5, 250) * 100, () => {
        const slot = victim();
        if (slot === undefined) return;
        const back = rng.int(5, 100) * 100;
        faults.record('key-moves', `worker ${slot} stops, rejoins ${back} ms later`);
        cluster.stop(slot);
        restart(slot, back);
      });
    }
  }
  if (faults.has('crash')) {
    for (let i = rng.int(1, 2); i > 0; i--) {
      at(rng.int(5, 250) * 100, () => {
        const slot = victim();
        if (slot === undefined) return;
        const back = rng.int(5, 100) * 100;
        faults.record('crash', `worker ${slot} crashes, a new one starts ${back} ms later`);
        cluster.crash(slot);
        restart(slot, back);
      });
    }
  }
  if (faults.has('cache-loss')) {
    for (let i = rng.int(1, 4); i > 0; i--) {
      at(rng.int(1, 250) * 100, () => {
        const running = cluster.running();
        if (running.length === 0) return;
        const slot = rng.pick(running);
        faults.record('cache-loss', `worker ${slot} forgets its cached instances`);
        cluster.clearCache(slot);
      });
    }
  }
};
