import { expect } from 'chai';
import { ConcurrencyError } from '../../src/errors/concurrency-error';
import { isTransient } from '../../src/errors/is-transient';
import { NonDeterminismError } from '../../src/errors/non-determinism-error';
import { TimeoutError, TransportError } from '../../src/errors/transport-error';

const nodeError = (code: string) => Object.assign(new Error(`connect ${code} 127.0.0.1:5432`), { code });

describe('isTransient', () => {
  it('follows the retriable flag of Cadenza errors', () => {
    expect(isTransient(new TransportError('broker away', true))).to.equal(true);
    expect(isTransient(new TimeoutError('append', 5_000))).to.equal(true);
    expect(isTransient(new ConcurrencyError('s', 1, 2))).to.equal(true);
    expect(isTransient(new TransportError('message too large', false))).to.equal(false);
    expect(isTransient(new NonDeterminismError('wf', 1, 'a', 'b'))).to.equal(false);
  });

  it('treats Node network failures as transient, on the error or down its cause chain', () => {
    for (const code of ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE']) expect(isTransient(nodeError(code)), code).to.equal(true);
    expect(isTransient(new Error('store call failed', { cause: nodeError('ECONNRESET') }))).to.equal(true);
  });

  it('lets the outermost stated retriable flag win over a network cause', () => {
    expect(isTransient(new TransportError('refused for good', false, { cause: nodeError('ECONNREFUSED') }))).to.equal(false);
  });

  it('treats everything else as deterministic: bugs, plain errors, other codes, non-errors', () => {
    expect(isTransient(new TypeError('x is undefined'))).to.equal(false);
    expect(isTransient(new Error('no'))).to.equal(false);
    expect(isTransient(nodeError('ENOENT'))).to.equal(false);
    expect(isTransient('a string')).to.equal(false);
    expect(isTransient(undefined)).to.equal(false);
  });

  it('stops on a cause chain that loops', () => {
    const a = new Error('a') as Error & { cause?: unknown };
    a.cause = a;
    expect(isTransient(a)).to.equal(false);
  });
});
