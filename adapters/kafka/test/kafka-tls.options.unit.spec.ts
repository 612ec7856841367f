import { expect } from 'chai';
import { resolve } from 'node:path';
import { resolveKafkaOptions } from '../src';

const base = { type: 'kafka', brokers: ['127.0.0.1:9093'] };
const refused = (ssl: unknown) => {
  try {
    resolveKafkaOptions({ ...base, ssl }, 'transport');
  } catch (error) {
    return error as Error & { code?: string; retriable?: boolean };
  }
  throw new Error('resolveKafkaOptions accepted the options');
};

describe('resolveKafkaOptions: ssl', () => {
  it('takes true for TLS with the bundled CAs, verifying the broker', () => {
    expect(resolveKafkaOptions({ ...base, ssl: true }).ssl).to.deep.equal({ rejectUnauthorized: true });
  });

  it('takes false, or nothing, for plaintext', () => {
    expect(resolveKafkaOptions({ ...base, ssl: false })).not.to.have.property('ssl');
    expect(resolveKafkaOptions(base)).not.to.have.property('ssl');
  });

  it('verifies the broker certificate unless told otherwise', () => {
    expect(resolveKafkaOptions({ ...base, ssl: { servername: 'kafka.internal' } }).ssl)
      .to.deep.equal({ rejectUnauthorized: true, servername: 'kafka.internal' });
  });

  it('refuses an option kafkajs would have been handed blindly, naming it', () => {
    const error = refused({ rejectUnauthorised: false });
    expect(error.message).to.match(/transport\.ssl\.rejectUnauthorised: .*did you mean "rejectUnauthorized"/);
    expect(error.code).to.equal('CONFIG');
  });

  it('refuses a rejectUnauthorized that is not a boolean', () => {
    expect(refused({ rejectUnauthorized: 'no' }).message).to.match(/transport\.ssl\.rejectUnauthorized/);
  });

  it('names a CA file that cannot be read, with its path and the reason', () => {
    const error = refused({ ca: '/nonexistent/ca.crt' });
    expect(error.message).to.match(/transport\.ssl\.ca: expected PEM text or the path of a readable PEM file, got "\/nonexistent\/ca\.crt" \(ENOENT\)/);
    expect(error.retriable).to.equal(false);
  });

  it('names a CA file that is not PEM', () => {
    expect(refused({ ca: resolve(__dirname, '..', '..', 'package.json') }).message).to.match(/transport\.ssl\.ca: expected a PEM file.*no -----BEGIN line/);
  });

  it('names CA text that holds no certificate, without echoing it', () => {
    const pem = '-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----\n';
    const error = refused({ ca: pem });
    expect(error.message).to.match(/transport\.ssl\.ca: expected PEM certificate\(s\)/);
    expect(error.message).not.to.include('MFkw');
  });

  it('names a certificate that does not parse', () => {
    const error = refused({ ca: '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n' });
    expect(error.message).to.match(/transport\.ssl\.ca: .*certificate 1 does not parse/);
    expect(error.message).not.to.include('bm90');
  });

  it('wants cert and key together', () => {
    expect(refused({ cert: '/some/client.crt' }).message).to.match(/transport\.ssl\.key: expected a private key too/);
    expect(refused({ key: '/some/client.key' }).message).to.match(/transport\.ssl\.cert: expected a certificate too/);
  });

  it('never shows the path or text of a key it cannot read', () => {
    const secret = '-----BEGIN PRIVATE KEY-----\nc2VjcmV0LWtleS1tYXRlcmlhbA==\n-----END PRIVATE KEY-----\n';
    const unreadable = refused({ cert: '/x/client.crt', key: '/x/hunter2.key' });
    expect(unreadable.message).to.match(/transport\.ssl\.cert/).and.not.to.include('hunter2');
    const error = refused({ cert: secret.replace(/PRIVATE KEY/g, 'CERTIFICATE'), key: secret });
    expect(error.message).to.match(/transport\.ssl\.cert/).and.not.to.include('c2VjcmV0');
  });
});
