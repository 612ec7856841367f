import { expect } from 'chai';
import type { BankRun } from '../../src/bank/bank-runs';
import { listenerOutcome } from '../../src/events/listener-bench';
import { allSetups } from '../../src/setups/all-setups';
import { eventsListenerKafkaSetup } from '../../src/setups/events-listener-kafka.setup';
import { eventsListenerSetup } from '../../src/setups/events-listener.setup';
import { resultHeader } from '../../src/setups/result-header';
import { quickScale, type Scale } from '../../src/setups/scale';
import { machineSnapshot } from '../../src/support/machine';

const bankRun = (workflowsPerSecond: number): BankRun => ({
  inFlight: 1_000, warmupMs: 3_000, measureMs: 10_000, workflows: workflowsPerSecond * 10, workflowsPerSecond, failures: 0,
  meanMs: 400, p50Ms: 390, p90Ms: 500, p99Ms: 600, maxMs: 700, messagesPerWorkflow: 12, machine: machineSnapshot(),
});
const listener = { events: 120_000, eventsPerSecond: 12_000, lag: { count: 120_000, meanMs: 30, p50Ms: 20, p90Ms: 60, p99Ms: 90, maxMs: 120 } };

/** Small enough for a unit test: a few workflows in flight, short windows. */
const tiny: Scale = { ...quickScale, listenerInFlight: 4, inMemory: { inFlight: [4], warmupMs: 100, measureMs: 400 } };

describe('events-listener setups', () => {
  it('are both registered, in-memory and Kafka', () => {
    expect(allSetups.map((s) => s.name)).to.include.members(['events-listener.in-memory.in-memory', 'events-listener.kafka.in-memory']);
  });

  it('report the bank figures both ways, their ratio, and the listener\'s events/s and lag', () => {
    const header = resultHeader('events-listener.kafka.in-memory', 'about', quickScale);
    const outcome = listenerOutcome(header, { inFlight: 1_000, warmupMs: 3_000, measureMs: 10_000 }, { withoutListener: bankRun(2_000), withListener: bankRun(1_900), listener });
    if (outcome.status !== 'done') throw new Error('not done');
    expect(outcome.result).to.deep.include({ setup: 'events-listener.kafka.in-memory', transport: 'kafka', inFlight: 1_000, withToWithoutRatio: 0.95, listener });
    expect(outcome.result).to.have.nested.property('withoutListener.workflowsPerSecond', 2_000);
    expect(outcome.result).to.have.nested.property('withListener.workflowsPerSecond', 1_900);
    expect(outcome.summary.map((r) => [r.setup, r.measure, r.value])).to.deep.equal([
      ['events-listener.kafka.in-memory (no listener)', 'bank transfer, 1,000 in flight', '2,000 wf/s, p50 390 ms, p99 600 ms'],
      ['events-listener.kafka.in-memory (listener)', 'bank transfer, 1,000 in flight', '1,900 wf/s, p50 390 ms, p99 600 ms'],
      ['events-listener.kafka.in-memory', 'workflows/s with ÷ without listener', '0.95'],
      ['events-listener.kafka.in-memory', 'listener throughput and lag', '12,000 events/s, lag p50 20 ms, p99 90 ms'],
    ]);
  });

  it('run on in-memory: workflows finish both ways and the listener receives events in the window', async function () {
    this.timeout(30_000);
    const outcome = await eventsListenerSetup.run(tiny);
    if (outcome.status !== 'done') throw new Error(`not done: ${outcome.reason}`);
    const result = outcome.result as { inFlight: number; withoutListener: BankRun; withListener: BankRun; listener: typeof listener };
    expect(result.inFlight).to.equal(4);
    expect(result.withoutListener.workflows).to.be.greaterThan(0);
    expect(result.withListener.workflows).to.be.greaterThan(0);
    expect(result.withoutListener.failures + result.withListener.failures).to.equal(0);
    expect(result.listener.events).to.be.greaterThan(0);
    expect(result.listener.lag.count).to.equal(result.listener.events);
  });

  it('skip the Kafka run, with the address, when no broker answers', async () => {
    const saved = process.env.CADENZA_KAFKA_BROKERS;
    process.env.CADENZA_KAFKA_BROKERS = '127.0.0.1:1';
    try {
      const outcome = await eventsListenerKafkaSetup.run(tiny);
      expect(outcome).to.deep.equal({ status: 'skipped', reason: 'Kafka not reachable at 127.0.0.1:1 (start it with infra/kafka/start.sh, or set CADENZA_KAFKA_BROKERS)' });
    } finally {
      if (saved === undefined) delete process.env.CADENZA_KAFKA_BROKERS;
      else process.env.CADENZA_KAFKA_BROKERS = saved;
    }
  });
});
