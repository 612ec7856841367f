import { expect } from 'chai';
import type { DurableRun } from '../../src/durable/measured-run';
import { peerRatios, safeRatio } from '../../src/peers/peer-ratios';
import type { PeerMeasure } from '../../src/peers/peer-result';
import { isOurs, peersResult, ratioLines } from '../../src/peers/peers-report';
import { machineSnapshot } from '../../src/support/machine';

const run = (inFlight: number, workflowsPerSecond: number, p50Ms: number): DurableRun => ({
  inFlight, warmup: 0, workflows: 100, windowMs: 1_000, workflowsPerSecond, meanMs: p50Ms, p50Ms, p90Ms: p50Ms, p99Ms: p50Ms * 2, maxMs: p50Ms * 3,
  failures: 0, cpu: { nodeMsPerWorkflow: 1, processes: [] }, load: [1.5, 1, 1], machine: machineSnapshot(),
});

const measure = (system: string, group: string, runs: DurableRun[]): PeerMeasure => ({ system, version: 'v', about: 'a', groups: [{ group, about: 'g', runs }] });

describe('peer ratios', () => {
  it('divides to two decimals, and answers null rather than a made-up ratio', () => {
    expect(safeRatio(386, 102)).to.equal(3.78);
    expect(safeRatio(10, 0)).to.equal(null);
    expect(safeRatio(Number.NaN, 5)).to.equal(null);
    expect(safeRatio(0, 5)).to.equal(0);
  });

  it('gives ours ÷ peer throughput and peer ÷ ours p50 for every pair at every common in-flight level', () => {
    const ours = [measure('bank-transfer.kafka.postgres', 'one-process', [run(1, 30, 30), run(100, 240, 400), run(300, 390, 750)])];
    const peers = [measure('restate', 'ctx-run', [run(1, 28, 34), run(100, 86, 1100)]), measure('dbos', 'steps-in-process', [run(1, 86, 10.8)])];
    expect(peerRatios(ours, peers)).to.deep.equal([
      { ours: 'bank-transfer.kafka.postgres/one-process', peer: 'restate/ctx-run', inFlight: 1, throughput: 1.07, p50: 1.13 },
      { ours: 'bank-transfer.kafka.postgres/one-process', peer: 'restate/ctx-run', inFlight: 100, throughput: 2.79, p50: 2.75 },
      { ours: 'bank-transfer.kafka.postgres/one-process', peer: 'dbos/steps-in-process', inFlight: 1, throughput: 0.35, p50: 0.36 },
    ]);
  });

  it('writes ours and the peers apart in the result, with short runs, the ratios and every run in full', () => {
    const measures = [measure('bank-transfer.pulsar.postgres', 'one-process', [run(1, 20, 48)]), measure('dbos', 'steps-in-process', [run(1, 80, 10)])];
    const result = peersResult({ scale: 'quick', machine: machineSnapshot(), loads: [{ inFlight: 1, workflows: 100, warmup: 0 }], measures, skipped: [{ system: 'restate', reason: 'r' }] });
    expect(result.setup).to.equal('bank-transfer.peers');
    expect(result.command).to.equal('npm run bench:peers -w @cadenza/benchmarks -- --quick');
    expect(result.ours.map((o) => o.system)).to.deep.equal(['bank-transfer.pulsar.postgres']);
    expect(result.peers[0]!.groups[0]!.runs).to.deep.equal([{ inFlight: 1, workflows: 100, workflowsPerSecond: 80, p50Ms: 10, p99Ms: 20, load: 1.5 }]);
    expect(result.ratios).to.have.length(1);
    expect(result.ratios[0]!.throughput).to.equal(0.25);
    expect(result.details).to.equal(measures);
    expect(result.skipped).to.deep.equal([{ system: 'restate', reason: 'r' }]);
    expect([isOurs('bank-transfer.kafka.postgres'), isOurs('restate')]).to.deep.equal([true, false]);
  });

  it('prints each throughput ratio against the 10× target, a missing one as not met', () => {
    const lines = ratioLines([
      { ours: 'o/g', peer: 'restate/ctx-run', inFlight: 300, throughput: 12.5, p50: 3 },
      { ours: 'o/g', peer: 'dbos/steps-in-process', inFlight: 1, throughput: 0.4, p50: 0.5 },
      { ours: 'o/g', peer: 'dbos/steps-in-process', inFlight: 100, throughput: null, p50: null },
    ]);
    expect(lines[0]).to.equal('  o/g vs restate/ctx-run at 300 in flight: throughput ×12.5 (target ≥ ×10 ✓), p50 ×3');
    expect(lines[1]).to.contain('×0.4 (target ≥ ×10 ✗)');
    expect(lines[2]).to.contain('×n/a (target ≥ ×10 ✗), p50 ×n/a');
  });
});
