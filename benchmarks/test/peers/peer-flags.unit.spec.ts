import { expect } from 'chai';
import { PEER_SYSTEM_NAMES, parsePeerFlags } from '../../src/peers/peer-flags';

describe('bench:peers flags', () => {
  it('runs every system, ours first, at full scale by default', () => {
    expect(parsePeerFlags([])).to.deep.equal({ systems: [...PEER_SYSTEM_NAMES], quick: false, help: false });
    expect(PEER_SYSTEM_NAMES.slice(0, 2)).to.deep.equal(['bank-transfer.kafka.postgres', 'bank-transfer.pulsar.postgres']);
  });

  it('selects systems by part of their name, keeping the run order', () => {
    expect(parsePeerFlags(['--only', 'dbos,kafka']).systems).to.deep.equal(['bank-transfer.kafka.postgres', 'dbos']);
    expect(parsePeerFlags(['--only=restate', '--quick']).systems).to.deep.equal(['restate']);
  });

  it('takes --quick, --results-dir and the internal --system', () => {
    const flags = parsePeerFlags(['--quick', '--results-dir', '/tmp/r', '--system', 'restate']);
    expect(flags).to.include({ quick: true, resultsDir: '/tmp/r', child: 'restate' });
  });

  it('refuses unknown arguments, missing values and names that match nothing, with the usage', () => {
    expect(() => parsePeerFlags(['--fast'])).to.throw("Unknown option '--fast'");
    expect(() => parsePeerFlags(['--results-dir'])).to.throw("Option '--results-dir <value>' argument missing");
    expect(() => parsePeerFlags(['extra'])).to.throw('usage: npm run bench:peers');
    expect(() => parsePeerFlags(['--only', 'temporal'])).to.throw('matches none of');
    expect(() => parsePeerFlags(['--system', 'temporal'])).to.throw('not one of');
    expect(() => parsePeerFlags(['--only', '--quick'])).to.throw('usage: npm run bench:peers');
  });
});
