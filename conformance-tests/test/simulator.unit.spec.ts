import { expect } from 'chai';
import {
  ALL_FAULTS, inMemoryBackend, PASSING_FAULTS, parseArgs, parseFaults, Prng, runSeeds, simulateSeed, type SimBackend, UnknownFaultError, UsageError,
} from '../src';

const backend = inMemoryBackend();

/** Each failing seed with its violations, one line each: the assertion's diff then names them. */
const failingSeeds = (summary: Awaited<ReturnType<typeof runSeeds>>): string[] =>
  summary.failing.map((r) => `seed ${r.seed}: ${r.violations.map((v) => `${v.invariant} ${v.workflowId ?? ''} ${v.message}`).join('; ')}`);

describe('fault simulator on the in-memory adapter', function () {
  // 200 seeds take a few seconds on an idle machine; a loaded CI runner must not turn that into a failure.
  this.timeout(300_000);

  it(`seeds 1 to 200 keep every invariant under the fault kinds that pass today (${PASSING_FAULTS.join(', ')})`, async () => {
    const summary = await runSeeds({ from: 1, count: 200 }, PASSING_FAULTS, backend);
    expect(failingSeeds(summary)).to.deep.equal([]);
  });

  for (const kind of ALL_FAULTS) {
    it(`seeds 1 to 100 keep every invariant under ${kind} alone`, async () => {
      const summary = await runSeeds({ from: 1, count: 100 }, [kind], backend);
      expect(failingSeeds(summary)).to.deep.equal([]);
    });
  }

  it('replays a seed exactly: the same faults at the same virtual times, the same verdict', async () => {
    const first = await simulateSeed(7, ALL_FAULTS, backend);
    const second = await simulateSeed(7, ALL_FAULTS, backend);
    expect(first.injected.length).to.be.greaterThan(0);
    expect(second).to.deep.equal(first);
  });

  it('reports a run whose transport loses every task result, naming the invariant and the workflow', async () => {
    // A broker that drops TaskCompleted: every workflow that runs a task waits forever.
    const lossy: SimBackend = {
      name: 'lossy',
      open: (clock) => {
        const inner = backend.open(clock);
        return {
          ...inner,
          transport: () => {
            const transport = inner.transport();
            return { ...transport, publish: async (topic, envelope, options) => {
              if (envelope.message.kind !== 'TaskCompleted') await transport.publish(topic, envelope, options);
            } };
          },
        };
      },
    };
    const report = await simulateSeed(3, [], lossy);
    const stuck = report.violations.filter((v) => v.invariant === 'never-stuck');
    expect(stuck).to.have.length.greaterThan(0);
    expect(stuck.every((v) => v.workflowId?.startsWith('wf-') && /got \{"status":"stuck"\}, expected/.test(v.message))).to.equal(true);
  });

  it('reports outcomes a store keeps past their retention, on a seed whose workers keep them minutes only', async () => {
    // Seed 1 runs with the short retention; a store whose sweep removes nothing keeps every outcome.
    const hoarding: SimBackend = {
      name: 'hoarding',
      open: (clock) => {
        const inner = backend.open(clock);
        return { ...inner, store: { ...inner.store, sweep: async () => 0 } };
      },
    };
    expect((await simulateSeed(1, [], backend)).violations).to.deep.equal([]);
    const report = await simulateSeed(1, [], hoarding);
    const kept = report.violations.filter((v) => v.invariant === 'bounded-outcomes');
    expect(kept).to.have.length.greaterThan(0);
    expect(kept.every((v) => /the outcome of sim\.SimWorkflow-wf-\S+ outlived its retention of 600000 ms/.test(v.message))).to.equal(true);
  });
});

describe('fault simulator command line', () => {
  it('reads --seed, --seeds with --from, and --faults', () => {
    expect(parseArgs(['--seed', '1234'])).to.deep.include({ from: 1234, count: 1, faults: ALL_FAULTS });
    expect(parseArgs(['--seeds', '1000', '--from', '5', '--faults', 'duplicates,crash'])).to.deep.include({ from: 5, count: 1000, faults: ['duplicates', 'crash'] });
    expect(parseFaults('none')).to.deep.equal([]);
  });

  it('refuses an unknown fault kind or flag with what it expected', () => {
    expect(() => parseFaults('duplicates,gremlins')).to.throw(UnknownFaultError, /unknown fault kind "gremlins": expected one of duplicates/);
    expect(() => parseArgs(['--seeds', 'many'])).to.throw(UsageError, /--seeds: expected an integer ≥ 1, got many/);
    expect(() => parseArgs(['--speed', '3'])).to.throw(UsageError, /unknown flag --speed/);
  });

  it('draws the same numbers from the same seed, and others from another', () => {
    const draw = (seed: number) => {
      const rng = new Prng(seed);
      return Array.from({ length: 5 }, () => rng.int(0, 1_000_000));
    };
    expect(draw(42)).to.deep.equal(draw(42));
    expect(draw(42)).not.to.deep.equal(draw(43));
  });
});
