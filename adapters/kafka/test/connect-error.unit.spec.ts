import { expect } from 'chai';
import { KafkaJSConnectionError, KafkaJSNumberOfRetriesExceeded, KafkaJSProtocolError, KafkaJSSASLAuthenticationError } from 'kafkajs';
import { resolveKafkaOptions } from '../src';
import { toConnectError } from '../src/security/connect-error';

const options = resolveKafkaOptions({
  type: 'kafka', brokers: ['127.0.0.1:9093'], ssl: true,
  sasl: { mechanism: 'scram-sha-512', username: 'app', password: 'hunter2' },
});
type Coded = Error & { code?: string; retriable?: boolean };

describe('toConnectError', () => {
  it('makes refused credentials a ConfigError naming transport.sasl, with the user and not the password', () => {
    const error = toConnectError('connecting', new (KafkaJSSASLAuthenticationError as unknown as new (message: string) => Error)('SASL SCRAM SHA512 authentication failed: hunter2 is wrong'), options) as Coded;
    expect(error.code).to.equal('CONFIG');
    expect(error.retriable).to.equal(false);
    expect(error.message).to.match(/invalid config at transport\.sasl: expected credentials the broker accepts, got \{"mechanism":"scram-sha-512","username":"app"\}/);
    expect(error.message).not.to.include('hunter2');
  });

  it('makes a mechanism the broker does not enable a ConfigError naming transport.sasl.mechanism', () => {
    const refused = new KafkaJSProtocolError({ message: 'The broker does not support the requested SASL mechanism', type: 'UNSUPPORTED_SASL_MECHANISM', code: 33, retriable: false } as never);
    expect((toConnectError('connecting', refused, options) as Coded).message).to.match(/transport\.sasl\.mechanism: .*got "scram-sha-512"/);
  });

  it('makes a broker certificate that does not verify, found under kafkajs retries, a ConfigError naming transport.ssl.ca', () => {
    const last = new KafkaJSConnectionError('Connection error: unable to verify the first certificate', { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' } as never);
    const error = toConnectError('connecting', new KafkaJSNumberOfRetriesExceeded(last, { retryCount: 5, retryTime: 1000 } as never), options) as Coded;
    expect(error.code).to.equal('CONFIG');
    expect(error.message).to.match(/transport\.ssl\.ca: .*UNABLE_TO_VERIFY_LEAF_SIGNATURE/);
  });

  it('names transport.ssl.servername for a certificate of another host', () => {
    const last = new KafkaJSConnectionError('Connection error: Hostname/IP does not match', { code: 'ERR_TLS_CERT_ALTNAME_INVALID' } as never);
    expect((toConnectError('connecting', last, options) as Coded).message).to.match(/transport\.ssl\.servername/);
  });

  it('makes a TLS alert about the client certificate a ConfigError naming transport.ssl.cert', () => {
    const alert = new KafkaJSConnectionError('Connection error: 80:error:0A000412:SSL routines:ssl3_read_bytes:sslv3 alert bad certificate', { code: 'ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE' } as never);
    const error = toConnectError('connecting', alert, options) as Coded;
    expect(error).to.include({ code: 'CONFIG', retriable: false });
    expect(error.message).to.equal('invalid config at transport.ssl.cert: expected a client certificate the broker accepts, got "none" (the broker\'s TLS alert: ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE)');
  });

  it('names the user the broker\'s ACLs refuse, as a TransportError no retry can fix', () => {
    const denied = new KafkaJSProtocolError({ message: 'Cluster authorization failed', type: 'CLUSTER_AUTHORIZATION_FAILED', code: 31, retriable: false } as never);
    const error = toConnectError('connecting', denied, options) as Coded;
    expect(error).to.include({ code: 'TRANSPORT', retriable: false });
    expect(error.message).to.match(/Cluster authorization failed \(the broker's ACLs do not allow user "app"\)/).and.not.to.include('hunter2');
  });

  it('suggests transport.ssl when a broker closes a plaintext connection, and transport.sasl when TLS has no SASL', () => {
    // kafkajs's own KafkaJSConnectionClosedError, which its typings do not export.
    const closedError = Object.assign(new KafkaJSConnectionError('Closed connection'), { name: 'KafkaJSConnectionClosedError' });
    const closed = () => new KafkaJSNumberOfRetriesExceeded(closedError, { retryCount: 5, retryTime: 1000 } as never);
    const plaintext = resolveKafkaOptions({ type: 'kafka', brokers: ['127.0.0.1:9093'] });
    expect((toConnectError('connecting', closed(), plaintext) as Coded).message).to.match(/Closed connection \(.*is transport\.ssl missing\?\)$/);
    const tlsOnly = resolveKafkaOptions({ type: 'kafka', brokers: ['127.0.0.1:9093'], ssl: true });
    expect((toConnectError('connecting', closed(), tlsOnly) as Coded).message).to.match(/is transport\.sasl missing\?\)$/);
    expect((toConnectError('connecting', closed(), options) as Coded).message).to.match(/Closed connection$/);
  });

  it('leaves other failures TransportErrors', () => {
    const error = toConnectError('connecting', new KafkaJSConnectionError('Connection error: connect ECONNREFUSED', { code: 'ECONNREFUSED' } as never), options) as Coded;
    expect(error.code).to.equal('TRANSPORT');
  });
});
