import { expect } from 'chai';
import { KAFKA_DEFAULTS, resolveKafkaOptions } from '../src';

describe('resolveKafkaOptions', () => {
  it('fills in the documented defaults', () => {
    const options = resolveKafkaOptions({ type: 'kafka', brokers: ['127.0.0.1:9092'] });
    expect(options).to.deep.equal({ type: 'kafka', brokers: ['127.0.0.1:9092'], ...KAFKA_DEFAULTS });
    expect(options.partitions).to.equal(8);
  });

  it('keeps what is given, SASL and TLS included', () => {
    const options = resolveKafkaOptions({
      type: 'kafka', brokers: ['a:1', 'b:2'], partitions: 3, clientId: 'me', ssl: { rejectUnauthorized: false },
      sasl: { mechanism: 'scram-sha-256', username: 'u', password: 'p' },
    });
    expect(options.partitions).to.equal(3);
    expect(options.clientId).to.equal('me');
    expect(options.ssl).to.deep.equal({ rejectUnauthorized: false });
    expect(options.sasl?.mechanism).to.equal('scram-sha-256');
  });

  const refuses = (raw: unknown, path: RegExp) => () => {
    expect(() => resolveKafkaOptions(raw, 'transport')).to.throw(path).with.property('code', 'CONFIG');
  };

  it('names a broker that is not a string', refuses({ type: 'kafka', brokers: [9092] }, /transport\.brokers\.0.*9092/));
  it('names a missing broker list', refuses({ type: 'kafka' }, /transport\.brokers/));
  it('refuses an empty broker list', refuses({ type: 'kafka', brokers: [] }, /transport\.brokers: expected at least one broker/));
  it('names a partition count that is not a positive integer', refuses({ type: 'kafka', brokers: ['x:1'], partitions: 0 }, /transport\.partitions/));
  it('names a wrong type', refuses({ type: 'pulsar', brokers: ['x:1'] }, /transport\.type/));
  it('names an unknown SASL mechanism', refuses({ type: 'kafka', brokers: ['x:1'], sasl: { mechanism: 'gssapi', username: 'u', password: 'p' } }, /transport\.sasl\.mechanism/));
  it('refuses a misspelled option instead of ignoring it (a cluster would run unauthenticated)',
    refuses({ type: 'kafka', brokers: ['x:1'], sals: { mechanism: 'plain', username: 'u', password: 'p' } }, /transport\.sals: .*did you mean "sasl"\?/));
  it('never shows a SASL password in an error', () => {
    expect(() => resolveKafkaOptions({ type: 'kafka', brokers: ['x:1'], sasl: { mechanism: 'plain', username: 'u', password: 'hunter2', pasword: 'x' } }))
      .to.throw(/transport\.sasl\.pasword/).that.satisfies((e: Error) => !e.message.includes('hunter2'));
  });
  it('refuses a heartbeat as long as the session', refuses({ type: 'kafka', brokers: ['x:1'], heartbeatIntervalMs: 10_000 }, /transport\.heartbeatIntervalMs/));
});
