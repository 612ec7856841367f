import { expect } from 'chai';
import { eventStoreDbDefaults, resolveEventStoreDbOptions } from '../src';

const thrown = (fn: () => unknown): Error & Record<string, unknown> => {
  try {
    fn();
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
  throw new Error('expected a throw');
};

describe('EventStoreDB history options', () => {
  const url = 'esdb://127.0.0.1:2113?tls=false';

  it('applies the documented defaults', () => {
    expect(resolveEventStoreDbOptions({ type: 'eventstoredb', connectionString: url })).to.deep.equal({
      type: 'eventstoredb',
      connectionString: url,
      ...eventStoreDbDefaults,
    });
  });

  it('accepts cluster discovery strings', () => {
    expect(resolveEventStoreDbOptions({ type: 'eventstoredb', connectionString: 'esdb+discover://a:2113,b:2113' })).to.include({ deadlineMs: 10_000 });
  });

  for (const [raw, path] of [
    [{ type: 'eventstoredb' }, 'history.connectionString'],
    [{ type: 'eventstoredb', connectionString: 2113 }, 'history.connectionString'],
    [{ type: 'eventstoredb', connectionString: 'http://127.0.0.1:2113' }, 'history.connectionString'],
    [{ type: 'eventstoredb', connectionString: 'esdb://127.0.0.1:2113?tls=maybe' }, 'history.connectionString'],
    [{ type: 'esdb', connectionString: url }, 'history.type'],
    [{ type: 'eventstoredb', connectionString: url, deadlineMs: 0 }, 'history.deadlineMs'],
  ] as const) {
    it(`refuses ${JSON.stringify(raw)} naming ${path}`, () => {
      const error = thrown(() => resolveEventStoreDbOptions(raw));
      expect(error).to.include({ code: 'CONFIG', path });
    });
  }

  it('never puts credentials in an error message', () => {
    const error = thrown(() => resolveEventStoreDbOptions({ type: 'eventstoredb', connectionString: 'esdb://admin:changeit@host:2113?tls=maybe' }));
    expect(error.message).not.to.contain('changeit');
  });
});
