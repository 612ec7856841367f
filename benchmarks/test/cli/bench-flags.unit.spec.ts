import { expect } from 'chai';
import { parseBenchFlags, selectSetups } from '../../src/cli/bench-flags';

describe('bench flags', () => {
  it('reads --only as a comma-separated list, in both spellings, and from BENCH_ONLY', () => {
    expect(parseBenchFlags(['--only', 'kafka,pulsar']).only).to.deep.equal(['kafka', 'pulsar']);
    expect(parseBenchFlags(['--only=long-workflow']).only).to.deep.equal(['long-workflow']);
    expect(parseBenchFlags([], { BENCH_ONLY: 'postgres' }).only).to.deep.equal(['postgres']);
  });

  it('reads the switches and the results directory', () => {
    const flags = parseBenchFlags(['--quick', '--in-process', '--results-dir', '/tmp/x', '--list']);
    expect(flags).to.include({ quick: true, inProcess: true, list: true, resultsDir: '/tmp/x', help: false });
  });

  it('refuses an unknown argument and a flag without its value, with the usage', () => {
    expect(() => parseBenchFlags(['--fast'])).to.throw(/unknown argument --fast[\s\S]*usage:/);
    expect(() => parseBenchFlags(['--only'])).to.throw(/--only needs a value/);
    expect(() => parseBenchFlags(['--results-dir', '--quick'])).to.throw(/--results-dir needs a value/);
  });

  it('selects every setup with no filter, else those whose name contains a value', () => {
    const setups = [{ name: 'bank-transfer.in-memory.in-memory' }, { name: 'bank-transfer.kafka.in-memory' }, { name: 'long-workflow.in-memory.in-memory' }];
    expect(selectSetups(setups, [])).to.have.length(3);
    expect(selectSetups(setups, ['kafka']).map((s) => s.name)).to.deep.equal(['bank-transfer.kafka.in-memory']);
    expect(selectSetups(setups, ['bank-transfer.in-memory.in-memory', 'long']).map((s) => s.name))
      .to.deep.equal(['bank-transfer.in-memory.in-memory', 'long-workflow.in-memory.in-memory']);
    expect(selectSetups(setups, ['nothing'])).to.deep.equal([]);
  });
});
