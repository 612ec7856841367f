import { expect } from 'chai';
import { resolvePostgresOptions } from '../src';
import { thrown } from './support/thrown';

describe('PostgreSQL history options: connection fields and bounds', () => {
  const at = (connectionString: string, more: object = {}) => () => resolvePostgresOptions({ type: 'postgres', connectionString, ...more });

  it('takes a host with or without a port, IPv6, and the local socket (an empty host, or ?host=)', () => {
    for (const url of ['postgres://app:pw@db:5432/x', 'postgresql://db/x', 'postgres://app@[::1]:65535/x', 'postgres://app@/x?host=/var/run/postgresql', 'postgres:///x', 'postgres://app:pw@:5433/x']) {
      expect(at(url)().connectionString).to.equal(url);
    }
  });

  for (const [url, expected] of [
    ['postgres://app:hunter2@:0/x', /expected a port of 1 to 65535/],
    ['postgres://app:hunter2@db:0/x', /expected a port of 1 to 65535/],
    ['postgres://app:hunter2@db:70000/x', /expected (a port of 1 to 65535|a URL)/],
    ['postgres://app:hunter2@db:5432/x/y', /expected one database name/],
    ['postgres://app:hunter2@db:54x/x', /expected (a port of 1 to 65535|a URL)/],
  ] as const) {
    it(`refuses ${url.replace('hunter2', '***')} naming history.connectionString, without the password`, () => {
      const error = thrown(at(url));
      expect(error).to.include({ code: 'CONFIG', path: 'history.connectionString' });
      expect(error.message).to.match(expected).and.not.to.contain('hunter2');
    });
  }

  it('refuses a pool over 10000 and timeouts over a day', () => {
    const url = 'postgres://db/x';
    expect(thrown(at(url, { poolSize: 10_001 })).message).to.match(/^invalid config at history\.poolSize: expected at most 10000, got 10001/);
    expect(thrown(at(url, { connectTimeoutMs: 86_400_001 })).message).to.match(/^invalid config at history\.connectTimeoutMs: expected at most 86400000 ms/);
    expect(thrown(at(url, { queryTimeoutMs: 1e12 })).message).to.match(/history\.queryTimeoutMs: expected at most 86400000 ms/);
  });
});
