import type { DurableLoad } from '../durable/counted-loop';
import { type MachineSnapshot, machineSnapshot } from '../support/machine';
import type { PeerSystemName } from './peer-flags';
import { type PeerRatio, peerRatios } from './peer-ratios';
import { type PeerMeasure, type PeerRunLine, runLine } from './peer-result';

/** The name of the result file, `results/bank-transfer.peers.json`. */
export const PEERS_RESULT = 'bank-transfer.peers';

/** A system in the short form of the result file. */
export interface PeerSummary {
  readonly system: string;
  readonly version: string;
  readonly groups: readonly { readonly group: string; readonly runs: readonly PeerRunLine[] }[];
}

/** `bank-transfer.peers.json`. */
export interface PeersResult {
  readonly setup: typeof PEERS_RESULT;
  readonly about: string;
  readonly command: string;
  readonly scale: 'full' | 'quick';
  readonly machine: MachineSnapshot;
  readonly loads: readonly DurableLoad[];
  readonly ours: readonly PeerSummary[];
  readonly peers: readonly PeerSummary[];
  /** Ours ÷ each peer at each in-flight level, from this one invocation. */
  readonly ratios: readonly PeerRatio[];
  readonly skipped: readonly { readonly system: string; readonly reason: string }[];
  /** Every run in full: latency percentiles, CPU of each process, the machine. */
  readonly details: readonly PeerMeasure[];
}

const summary = (m: PeerMeasure): PeerSummary => ({ system: m.system, version: m.version, groups: m.groups.map((g) => ({ group: g.group, runs: g.runs.map(runLine) })) });

/** Whether a system is one of our setups (named `<workload>.<transport>.<store>`) rather than a peer. */
export const isOurs = (system: string): boolean => system.startsWith('bank-transfer.');

/** The result file of one invocation. */
export const peersResult = (o: {
  readonly scale: 'full' | 'quick'; readonly machine: MachineSnapshot; readonly loads: readonly DurableLoad[];
  readonly measures: readonly PeerMeasure[]; readonly skipped: readonly { system: PeerSystemName; reason: string }[];
}): PeersResult => {
  const ours = o.measures.filter((m) => isOurs(m.system));
  const peers = o.measures.filter((m) => !isOurs(m.system));
  return {
    setup: PEERS_RESULT,
    about: 'The bank transfer (three durable steps, then the result to the client) on our durable setups and on Restate and DBOS, '
      + 'through the same counted closed loop, one system after the other in one invocation; ratios are ours ÷ theirs.',
    command: `npm run bench:peers -w @cadenza/benchmarks${o.scale === 'quick' ? ' -- --quick' : ''}`,
    scale: o.scale, machine: o.machine, loads: o.loads,
    ours: ours.map(summary), peers: peers.map(summary), ratios: peerRatios(ours, peers), skipped: o.skipped, details: o.measures,
  };
};

/** Issue 13's target: ten times each peer's throughput in the same run (read, never asserted). */
export const PEER_RATIO_TARGET = 10;

/** The ratios as lines for the console, each throughput ratio against the target. */
export const ratioLines = (ratios: readonly PeerRatio[]): string[] =>
  ratios.map((r) => `  ${r.ours} vs ${r.peer} at ${r.inFlight} in flight: throughput ×${r.throughput ?? 'n/a'}`
    + ` (target ≥ ×${PEER_RATIO_TARGET} ${r.throughput !== null && r.throughput >= PEER_RATIO_TARGET ? '✓' : '✗'}), p50 ×${r.p50 ?? 'n/a'}`);

/** The machine now, for the result's header. */
export const startMachine = (): MachineSnapshot => machineSnapshot();
