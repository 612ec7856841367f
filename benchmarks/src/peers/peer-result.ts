import type { DurableRun } from '../durable/measured-run';

/** One way a system ran the bank transfer, at every load. */
export interface PeerGroup {
  readonly group: string;
  readonly about: string;
  readonly runs: readonly DurableRun[];
}

/** What `bench:peers` measured of one system (ours or a peer). */
export interface PeerMeasure {
  /** `restate`, `dbos`, or our setup's name (`bank-transfer.kafka.postgres`). */
  readonly system: string;
  readonly version: string;
  readonly about: string;
  readonly groups: readonly PeerGroup[];
}

/** A peer's run as `bank-transfer.peers.json` lists it, beside the full run. */
export interface PeerRunLine {
  readonly inFlight: number;
  readonly workflows: number;
  readonly workflowsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** 1-minute load average when the run ended. */
  readonly load: number;
}

/** The short form of a run. */
export const runLine = (run: DurableRun): PeerRunLine => ({
  inFlight: run.inFlight, workflows: run.workflows, workflowsPerSecond: run.workflowsPerSecond, p50Ms: run.p50Ms, p99Ms: run.p99Ms, load: run.load[0],
});
