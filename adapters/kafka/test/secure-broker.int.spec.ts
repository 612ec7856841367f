import { describeTransportConformance, eventually, freshName, testEnvelope, valueOf } from '@cadenza/conformance';
import { TOKENS, type Transport } from '@cadenza/core';
import { expect } from 'chai';
import { Container } from 'inversify';
import { createKafkaTransport, kafkaModule, kafkaTransportCapabilities, type KafkaLogger, type KafkaTransport, type KafkaTransportInput } from '../src';
import { testOptions } from './support/kafka-broker';
import { certFile, MTLS_BROKERS, SECURE_BROKERS, type SecureUsers, startSecureBroker, stopSecureBroker } from './support/secure-broker';

type Coded = Error & { code?: string; retriable?: boolean };

/** A logger that keeps every line, to check what reaches a log. */
const recordingLogger = () => {
  const lines: string[] = [];
  const keep = (fields: object, message?: string) => void lines.push(`${message ?? ''} ${JSON.stringify(fields)}`);
  const logger: KafkaLogger = { debug: keep, info: keep, warn: keep, error: keep };
  return { logger, lines };
};

describe('Kafka over SASL_SSL (SCRAM) against a locked-down broker', function () {
  this.timeout(60_000);
  let users: SecureUsers;
  before(async function () {
    this.timeout(180_000);
    users = await startSecureBroker();
  });
  after(async function () {
    this.timeout(90_000);
    await stopSecureBroker();
  });

  const secure = (overrides: Partial<KafkaTransportInput> = {}): KafkaTransportInput => ({
    ...testOptions(),
    brokers: SECURE_BROKERS,
    ssl: { ca: certFile('ca.crt') },
    sasl: { mechanism: 'scram-sha-512', username: 'cadenza', password: users.cadenza },
    ...overrides,
  });
  const refusal = async (input: KafkaTransportInput, logger?: KafkaLogger): Promise<Coded> => {
    try {
      const transport = await createKafkaTransport(input, logger ? { logger } : {});
      await transport.close();
    } catch (error) {
      return error as Coded;
    }
    throw new Error('the broker accepted the connection');
  };

  describe('over SCRAM-SHA-512', () => {
    let raw: KafkaTransport | undefined;
    describeTransportConformance({
      name: 'kafka over SASL_SSL, SCRAM-SHA-512',
      capabilities: kafkaTransportCapabilities(),
      create: () => createKafkaTransport(secure()),
      publishRaw: async (topic, bytes, key) => {
        raw ??= await createKafkaTransport(secure({ runDelayForwarder: false }));
        await raw.publishRecord({ topic, value: Buffer.from(bytes), ...(key !== undefined ? { key } : {}) });
      },
      teardown: async () => {
        await raw?.close();
      },
    });
  });

  it('carries messages over SCRAM-SHA-256, with the CA given as PEM text, and logs no password', async () => {
    const { readFile } = await import('node:fs/promises');
    const { logger, lines } = recordingLogger();
    const t = await createKafkaTransport(secure({
      ssl: { ca: await readFile(certFile('ca.crt'), 'utf8') },
      sasl: { mechanism: 'scram-sha-256', username: 'cadenza', password: users.cadenza },
    }), { logger });
    try {
      const topic = freshName('topic');
      const got: unknown[] = [];
      await t.subscribe(topic, freshName('group'), async (d) => void got.push(valueOf(d.envelope)), { order: 'per-key', deadLetterTopic: freshName('dead-letter') });
      await t.publish(topic, testEnvelope('over scram-sha-256'), { key: 'k' });
      await eventually(() => expect(got).to.deep.equal(['over scram-sha-256']), { timeoutMs: 30_000 });
    } finally {
      await t.close();
    }
    expect(lines.filter((line) => line.includes(users.cadenza)), 'log lines with the password').to.deep.equal([]);
  });

  it('connects from config through kafkaModule, with the CA, a client certificate and its key as files', async () => {
    const container = new Container();
    await container.load(kafkaModule({
      type: 'kafka', ...secure(), ssl: { ca: certFile('ca.crt'), cert: certFile('client.crt'), key: certFile('client.key') },
    }));
    const transport = await container.getAsync<Transport>(TOKENS.Transport);
    try {
      const topic = freshName('topic');
      const got: unknown[] = [];
      await transport.subscribe(topic, freshName('group'), async (d) => void got.push(valueOf(d.envelope)), { order: 'none', deadLetterTopic: freshName('dead-letter') });
      await transport.publish(topic, testEnvelope('through the container'));
      await eventually(() => expect(got).to.deep.equal(['through the container']), { timeoutMs: 30_000 });
    } finally {
      await transport.close();
    }
  });

  it('refuses a plaintext client, suggesting transport.ssl: the broker speaks only SASL_SSL', async () => {
    const error = await refusal({ ...testOptions(), brokers: SECURE_BROKERS, operationTimeoutMs: 20_000 });
    expect(error.code).to.equal('TRANSPORT');
    expect(error.message).to.match(/Closed connection .*is transport\.ssl missing\?/);
  });

  it('refuses TLS without SASL credentials, suggesting transport.sasl', async () => {
    const error = await refusal(secure({ sasl: undefined, operationTimeoutMs: 20_000 }));
    expect(error.code).to.equal('TRANSPORT');
    expect(error.message).to.match(/Closed connection .*is transport\.sasl missing\?/);
  });

  it('refuses a wrong password at once with a ConfigError naming transport.sasl, the password in no message or log', async () => {
    const { logger, lines } = recordingLogger();
    const wrong = `${users.cadenza.slice(0, 8)}-wrong-password`;
    const error = await refusal(secure({ sasl: { mechanism: 'scram-sha-512', username: 'cadenza', password: wrong } }), logger);
    expect(error.code).to.equal('CONFIG');
    expect(error.retriable).to.equal(false);
    expect(error.message).to.match(/^invalid config at transport\.sasl: expected credentials the broker accepts, got \{"mechanism":"scram-sha-512","username":"cadenza"\}/);
    expect(error.message).not.to.include(wrong);
    expect(lines.filter((line) => line.includes(wrong)), 'log lines with the password').to.deep.equal([]);
  });

  it('refuses an unknown user the same way', async () => {
    const error = await refusal(secure({ sasl: { mechanism: 'scram-sha-256', username: 'nobody', password: users.cadenza } }));
    expect(error.code).to.equal('CONFIG');
    expect(error.message).to.match(/transport\.sasl: .*"username":"nobody"/).and.not.to.include(users.cadenza);
  });

  it('refuses a mechanism the broker does not enable, naming transport.sasl.mechanism', async () => {
    const error = await refusal(secure({ sasl: { mechanism: 'plain', username: 'cadenza', password: users.cadenza } }));
    expect(error.message).to.match(/transport\.sasl\.mechanism: .*got "plain"/).and.not.to.include(users.cadenza);
  });

  it('refuses a user with valid credentials and no ACL, naming the user, without retrying', async () => {
    const error = await refusal(secure({ sasl: { mechanism: 'scram-sha-512', username: 'intruder', password: users.intruder } }));
    expect(error).to.include({ code: 'TRANSPORT', retriable: false });
    expect(error.message).to.match(/authorization failed \(the broker's ACLs do not allow user "intruder"\)/).and.not.to.include(users.intruder);
  });

  it('refuses a broker its CA did not sign with a ConfigError naming transport.ssl', async () => {
    const error = await refusal(secure({ ssl: { ca: certFile('untrusted-ca.crt') } }));
    expect(error.code).to.equal('CONFIG');
    expect(error.retriable).to.equal(false);
    expect(error.message).to.match(/^invalid config at transport\.ssl\.ca: expected trust settings that verify the broker certificate/);
  });

  describe('on a listener that requires client certificates', () => {
    const mtls = (ssl: KafkaTransportInput['ssl']) => secure({ brokers: MTLS_BROKERS, ssl });

    it('carries messages for a client with a certificate from the CA', async () => {
      const t = await createKafkaTransport(mtls({ ca: certFile('ca.crt'), cert: certFile('client.crt'), key: certFile('client.key') }));
      try {
        const topic = freshName('topic');
        const got: unknown[] = [];
        await t.subscribe(topic, freshName('group'), async (d) => void got.push(valueOf(d.envelope)), { order: 'none', deadLetterTopic: freshName('dead-letter') });
        await t.publish(topic, testEnvelope('with a client certificate'));
        await eventually(() => expect(got).to.deep.equal(['with a client certificate']), { timeoutMs: 30_000 });
      } finally {
        await t.close();
      }
    });

    it('refuses a client without a certificate with a ConfigError naming transport.ssl.cert', async () => {
      const error = await refusal(mtls({ ca: certFile('ca.crt') }));
      expect(error).to.include({ code: 'CONFIG', retriable: false });
      expect(error.message).to.match(/^invalid config at transport\.ssl\.cert: expected a client certificate the broker accepts, got "none"/);
    });

    it('refuses a certificate from another CA with a ConfigError naming transport.ssl.cert, quoting no path', async () => {
      const error = await refusal(mtls({ ca: certFile('ca.crt'), cert: certFile('untrusted-client.crt'), key: certFile('untrusted-client.key') }));
      expect(error).to.include({ code: 'CONFIG', retriable: false });
      expect(error.message).to.match(/^invalid config at transport\.ssl\.cert: expected a client certificate the broker accepts/);
      expect(error.message).not.to.include('untrusted-client');
    });
  });

  it('refuses a client key that belongs to another certificate before connecting', async () => {
    const error = await refusal(secure({ ssl: { ca: certFile('ca.crt'), cert: certFile('client.crt'), key: certFile('server.key') } }));
    expect(error.message).to.match(/transport\.ssl\.key: expected the private key of transport\.ssl\.cert/);
    expect(error.message).not.to.include('server.key');
  });
});
