import type { PeerMeasure } from './peer-result';

/** Ours against one peer at one load, both measured in the same `bench:peers` invocation. */
export interface PeerRatio {
  /** `<our setup>/<group>`, e.g. `bank-transfer.kafka.postgres/one-process`. */
  readonly ours: string;
  /** `<peer>/<group>`, e.g. `restate/service-calls`. */
  readonly peer: string;
  readonly inFlight: number;
  /** Our workflows/s ÷ the peer's: 10 means ten times the peer's throughput; `null` when either did none. */
  readonly throughput: number | null;
  /** The peer's p50 ÷ ours: 2 means our median workflow finishes in half the peer's time. */
  readonly p50: number | null;
}

/** `a ÷ b` to two decimals; `null` when it means nothing (no figure, or a zero divisor). */
export const safeRatio = (a: number, b: number): number | null =>
  Number.isFinite(a) && Number.isFinite(b) && b > 0 && a >= 0 ? Math.round((a / b) * 100) / 100 : null;

/** Every pair of (our group, peer group) at every in-flight level both ran, in that order. */
export const peerRatios = (ours: readonly PeerMeasure[], peers: readonly PeerMeasure[]): PeerRatio[] => {
  const ratios: PeerRatio[] = [];
  for (const o of ours) {
    for (const og of o.groups) {
      for (const p of peers) {
        for (const pg of p.groups) {
          for (const ourRun of og.runs) {
            const peerRun = pg.runs.find((r) => r.inFlight === ourRun.inFlight);
            if (!peerRun) continue;
            ratios.push({
              ours: `${o.system}/${og.group}`, peer: `${p.system}/${pg.group}`, inFlight: ourRun.inFlight,
              throughput: safeRatio(ourRun.workflowsPerSecond, peerRun.workflowsPerSecond),
              p50: safeRatio(peerRun.p50Ms, ourRun.p50Ms),
            });
          }
        }
      }
    }
  }
  return ratios;
};
