import { expect } from 'chai';
import { postgresDefaults, resolvePostgresOptions } from '../src';
import { thrown } from './support/thrown';

describe('PostgreSQL history options', () => {
  const url = 'postgres://app:pw@db.example:5433/cadenza';

  it('applies the documented defaults', () => {
    expect(resolvePostgresOptions({ type: 'postgres', connectionString: url })).to.deep.equal({
      type: 'postgres',
      connectionString: url,
      ...postgresDefaults,
    });
  });

  it('keeps given values', () => {
    const o = resolvePostgresOptions({ type: 'postgres', connectionString: url, schema: 'wf', tablePrefix: 'run_1_', poolSize: 3, connectTimeoutMs: 250, queryTimeoutMs: 800 });
    expect(o).to.include({ schema: 'wf', tablePrefix: 'run_1_', poolSize: 3, connectTimeoutMs: 250, queryTimeoutMs: 800 });
  });

  for (const [raw, path] of [
    [{ type: 'postgres' }, 'history.connectionString'],
    [{ type: 'postgres', connectionString: 5432 }, 'history.connectionString'],
    [{ type: 'postgres', connectionString: 'mysql://x' }, 'history.connectionString'],
    [{ type: 'pg', connectionString: url }, 'history.type'],
    [{ type: 'postgres', connectionString: url, poolSize: 0 }, 'history.poolSize'],
    [{ type: 'postgres', connectionString: url, poolSize: 2.5 }, 'history.poolSize'],
    [{ type: 'postgres', connectionString: url, poolSize: '4' }, 'history.poolSize'],
    [{ type: 'postgres', connectionString: url, connectTimeoutMs: 0 }, 'history.connectTimeoutMs'],
    [{ type: 'postgres', connectionString: url, queryTimeoutMs: -5 }, 'history.queryTimeoutMs'],
    [{ type: 'postgres', connectionString: url, schema: 'Drop"Table' }, 'history.schema'],
    [{ type: 'postgres', connectionString: url, tablePrefix: 'x;--' }, 'history.tablePrefix'],
    [{ type: 'postgres', connectionString: url, ssl: true }, 'history.ssl'],
    [{ type: 'postgres', connectionString: url, poolsize: 4 }, 'history.poolsize'],
  ] as const) {
    it(`refuses ${JSON.stringify(raw)} naming ${path}`, () => {
      const error = thrown(() => resolvePostgresOptions(raw));
      expect(error).to.include({ code: 'CONFIG', path });
      expect(error.message).to.contain(path);
    });
  }

  it('names the field under the path it is given', () => {
    expect(thrown(() => resolvePostgresOptions({ type: 'postgres', connectionString: url, poolSize: -1 }, 'stores.audit'))).to.include({
      path: 'stores.audit.poolSize',
    });
  });

  it('never puts the password in an error message', () => {
    const error = thrown(() => resolvePostgresOptions({ type: 'postgres', connectionString: 'http://app:hunter2@db/x' }));
    expect(error.message).not.to.contain('hunter2');
  });
});
