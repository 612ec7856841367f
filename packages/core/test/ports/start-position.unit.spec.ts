import { expect } from 'chai';
import { ConfigError } from '../../src/errors/config-error';
import { DEFAULT_START_POSITION, resolveStartPosition } from '../../src/ports/start-position';

const refusal = (start: unknown): string => {
  try {
    resolveStartPosition(start);
  } catch (error) {
    expect(error).to.be.instanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error(`accepted ${JSON.stringify(start)}`);
};

describe('ports/start-position', () => {
  it('takes earliest, latest and a finite time ≥ 0; absent is earliest', () => {
    expect(resolveStartPosition(undefined)).to.deep.equal(DEFAULT_START_POSITION);
    expect(DEFAULT_START_POSITION).to.deep.equal({ from: 'earliest' });
    expect(resolveStartPosition({ from: 'latest' })).to.deep.equal({ from: 'latest' });
    expect(resolveStartPosition({ from: 'time', time: 0 })).to.deep.equal({ from: 'time', time: 0 });
    expect(resolveStartPosition({ from: 'time', time: 1_700_000_000_000, extra: 1 })).to.deep.equal({ from: 'time', time: 1_700_000_000_000 });
  });

  it('refuses anything else with a ConfigError naming the field', () => {
    expect(refusal({ from: 'time', time: Number.POSITIVE_INFINITY })).to.match(/subscribe\.start\.time/);
    expect(refusal({ from: 'time', time: Number.NaN })).to.match(/subscribe\.start\.time/);
    expect(refusal({ from: 'time', time: -1 })).to.match(/subscribe\.start\.time/);
    expect(refusal({ from: 'time', time: '5' })).to.match(/subscribe\.start\.time/);
    expect(refusal({ from: 'time' })).to.match(/subscribe\.start\.time/);
    expect(refusal({ from: 'now' })).to.match(/subscribe\.start\.from/);
    expect(refusal('earliest')).to.match(/subscribe\.start\.from/);
    expect(refusal(null)).to.match(/subscribe\.start\.from/);
  });

  it('names the field it was given', () => {
    expect(() => resolveStartPosition({ from: 'now' }, 'listener.start')).to.throw(ConfigError, /listener\.start\.from/);
  });
});
