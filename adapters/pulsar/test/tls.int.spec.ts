import { describeTransportConformance } from '@cadenza/conformance';
import { hasErrorCode } from '@cadenza/core';
import { expect } from 'chai';
import { createPulsarTransport, pulsarCapabilities, type PulsarTransport } from '../src';
import { createPulsarClient, type PulsarClientOptions, PulsarServerError, PulsarTlsError } from '../src/client';
import {
  PLAINTEXT_TO_TLS_PORT, secureBroker, secureOptions, SECURE_SERVICE_URL, tokenFor, TRUSTED_CA, UNTRUSTED_CA,
} from './support/secure-broker';

/** What creating a producer with these client options is refused with. */
const refusal = async (options: PulsarClientOptions): Promise<Error> => {
  const client = createPulsarClient(options);
  try {
    await client.createProducer(`tls-refused-${process.pid}`);
  } catch (error) {
    return error as Error;
  } finally {
    await client.close();
  }
  throw new Error('expected the broker to refuse the connection');
};

// One private Pulsar standalone with TLS only and token authentication (infra/pulsar/secure.sh), for the whole
// file: it takes about a minute to start on the 2-core test machine.
describe('Pulsar over TLS with token authentication (infra/pulsar/secure.sh)', function () {
  before('start the secure standalone', async function () {
    this.timeout(320_000);
    await secureBroker('start');
  });
  after('stop the secure standalone', async function () {
    this.timeout(60_000);
    await secureBroker('stop');
  });

  const made: PulsarTransport[] = [];
  const make = (): PulsarTransport => {
    const transport = createPulsarTransport(secureOptions());
    made.push(transport);
    return transport;
  };
  let raw: PulsarTransport | undefined;
  describeTransportConformance({
    name: 'pulsar over pulsar+ssl:// with a token',
    capabilities: pulsarCapabilities(),
    create: async () => make(),
    publishRaw: (topic, bytes, key) => (raw ??= make()).publishRaw(topic, bytes, key),
    teardown: async () => {
      await Promise.all(made.map((t) => t.close()));
    },
  });

  describe('refusals', () => {
    it('refuses a token the broker did not sign, with a typed error that does not contain the token', async () => {
      const forged = tokenFor('cadenza-app', Buffer.alloc(32, 7));
      const error = await refusal({ serviceUrl: SECURE_SERVICE_URL, tls: { ca: TRUSTED_CA }, token: forged, operationTimeoutMs: 10_000 });
      expect(error).to.be.instanceOf(PulsarServerError);
      expect((error as PulsarServerError).serverError).to.equal('AuthenticationError');
      expect(hasErrorCode(error, 'TRANSPORT')).to.equal(true);
      expect((error as PulsarServerError).retriable).to.equal(false);
      expect(error.message).to.match(/^CONNECT refused by broker: AuthenticationError/);
      for (const part of forged.split('.')) expect(error.message).not.to.contain(part);
    });

    it('refuses a connection without a token', async () => {
      const error = await refusal({ serviceUrl: SECURE_SERVICE_URL, tls: { ca: TRUSTED_CA }, operationTimeoutMs: 10_000 });
      expect((error as PulsarServerError).serverError).to.equal('AuthenticationError');
    });

    it('refuses a role the broker authenticates but never granted anything, as AuthorizationError, not retried', async () => {
      const error = await refusal({ serviceUrl: SECURE_SERVICE_URL, tls: { ca: TRUSTED_CA }, token: tokenFor('cadenza-stranger'), operationTimeoutMs: 10_000 });
      expect(error).to.be.instanceOf(PulsarServerError);
      expect((error as PulsarServerError).serverError).to.equal('AuthorizationError');
      expect((error as PulsarServerError).retriable).to.equal(false);
    });

    it('refuses a broker whose certificate the configured CA did not sign, at once and not retriable', async () => {
      const error = await refusal({ serviceUrl: SECURE_SERVICE_URL, tls: { ca: UNTRUSTED_CA }, token: tokenFor('cadenza-app'), operationTimeoutMs: 10_000 });
      expect(error).to.be.instanceOf(PulsarTlsError);
      expect((error as PulsarTlsError).retriable).to.equal(false);
      expect((error as PulsarTlsError).tlsCode).to.equal('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
      expect(error.message).to.match(/certificate of the Pulsar broker at pulsar\+ssl:\/\/127\.0\.0\.1:16651 is not trusted/);
    });

    it('refuses a certificate that names another host, even when its CA is trusted', async () => {
      const error = await refusal({
        serviceUrl: SECURE_SERVICE_URL, tls: { ca: TRUSTED_CA, servername: 'broker.example' }, token: tokenFor('cadenza-app'), operationTimeoutMs: 10_000,
      });
      expect((error as PulsarTlsError).tlsCode).to.equal('ERR_TLS_CERT_ALTNAME_INVALID');
    });

    it('refuses plaintext on the TLS port: the broker closes before it answers CONNECT', async () => {
      const error = await refusal({ serviceUrl: PLAINTEXT_TO_TLS_PORT, token: tokenFor('cadenza-app'), operationTimeoutMs: 2_000, connectTimeoutMs: 1_000 });
      expect(hasErrorCode(error, 'TRANSPORT')).to.equal(true);
      expect(error.message).to.match(/closed before it answered CONNECT \(if that port speaks TLS, use pulsar\+ssl:\/\/\)/);
    });
  });
});
