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
  it('takes a commit interval of 0 (commit each record at once)', () => {
    expect(resolveKafkaOptions({ type: 'kafka', brokers: ['x:1'], commitIntervalMs: 0 }).commitIntervalMs).to.equal(0);
  });
  it('names a negative commit interval', refuses({ type: 'kafka', brokers: ['x:1'], commitIntervalMs: -1 }, /transport\.commitIntervalMs/));
  it('names a wrong type', refuses({ type: 'pulsar', brokers: ['x:1'] }, /transport\.type/));
  it('names an unknown SASL mechanism', refuses({ type: 'kafka', brokers: ['x:1'], sasl: { mechanism: 'gssapi', username: 'u', password: 'p' } }, /transport\.sasl\.mechanism/));
  it('refuses a misspelled option instead of ignoring it (a cluster would run unauthenticated)',
    refuses({ type: 'kafka', brokers: ['x:1'], sals: { mechanism: 'plain', username: 'u', password: 'p' } }, /transport\.sals: .*did you mean "sasl"\?/));
  it('never shows a SASL password in an error', () => {
    expect(() => resolveKafkaOptions({ type: 'kafka', brokers: ['x:1'], sasl: { mechanism: 'plain', username: 'u', password: 'hunter2', pasword: 'x' } }))
      .to.throw(/transport\.sasl\.pasword/).that.satisfies((e: Error) => !e.message.includes('hunter2'));
  });
  it('refuses a heartbeat as long as the session', refuses({ type: 'kafka', brokers: ['x:1'], heartbeatIntervalMs: 10_000 }, /transport\.heartbeatIntervalMs/));

  describe('values', () => {
    it('takes host:port brokers, IPv6 in brackets', () => {
      expect(resolveKafkaOptions({ type: 'kafka', brokers: ['kafka-1.example.com:9092', '10.0.0.7:1', '[::1]:65535'] }).brokers).to.have.length(3);
    });
    for (const broker of ['localhost', 'localhost:', ':9092', 'h:0', 'h:65536', 'h:99999', 'h:abc', 'h:9092/x', 'kafka://h:9092', 'a b:1', '::1:9092']) {
      it(`refuses the broker ${JSON.stringify(broker)}, naming it and the form expected`,
        refuses({ type: 'kafka', brokers: ['ok:9092', broker] }, /^invalid config at transport\.brokers\.1: expected host:port \(port 1 to 65535\)/));
    }
    it('refuses a timeout longer than a day', refuses({ type: 'kafka', brokers: ['x:1'], operationTimeoutMs: 86_400_001 },
      /^invalid config at transport\.operationTimeoutMs: expected milliseconds \(an integer from 1 to 86400000\), got 86400001/));
    it('refuses a timeout that is not an integer', refuses({ type: 'kafka', brokers: ['x:1'], sessionTimeoutMs: 1.5 }, /transport\.sessionTimeoutMs: expected milliseconds/));
    it('refuses a size of 0 and one over 2 GiB', () => {
      refuses({ type: 'kafka', brokers: ['x:1'], maxMessageBytes: 0 }, /transport\.maxMessageBytes: expected bytes \(an integer from 1 to 2147483647\)/)();
      refuses({ type: 'kafka', brokers: ['x:1'], maxMessageBytes: 2 ** 31 }, /transport\.maxMessageBytes: expected bytes/)();
    });
    it('refuses a count over ten million', refuses({ type: 'kafka', brokers: ['x:1'], maxBufferedMessages: 10_000_001 }, /transport\.maxBufferedMessages: expected a count/));
  });

  it('gives each namespace its own delay topics and forwarder group, unless they are given', () => {
    expect(resolveKafkaOptions({ type: 'kafka', brokers: ['x:1'] }, 'transport', 'prod-eu')).to.include({
      delayTopicPrefix: 'prod-eu.delay', delayForwarderGroup: 'prod-eu.delay-forwarder',
    });
    expect(resolveKafkaOptions({ type: 'kafka', brokers: ['x:1'] }, 'transport', 'cadenza')).to.include({
      delayTopicPrefix: KAFKA_DEFAULTS.delayTopicPrefix, delayForwarderGroup: KAFKA_DEFAULTS.delayForwarderGroup,
    });
    expect(resolveKafkaOptions({ type: 'kafka', brokers: ['x:1'], delayTopicPrefix: 'mine.delay' }, 'transport', 'prod-eu').delayTopicPrefix).to.equal('mine.delay');
  });
});
