import { expect } from 'chai';
import { parseConfig, resolveConfig } from '../../src/config/cadenza-config';
import { ConfigError } from '../../src/errors/config-error';
import { createEnvelopeSigner } from '../../src/signing/envelope-signer';
import { thrownBy } from '../support/rejection-of';
import { NEW, OLD } from './keys';

const SHORT = 'only-31-bytes-of-secret-0123456';

/** The ConfigError `fn` throws; anything else it throws fails the test as itself. */
const configError = (fn: () => unknown): ConfigError => {
  const thrown = thrownBy(fn);
  if (thrown instanceof ConfigError) return thrown;
  throw thrown;
};

describe('config/signing-config', () => {
  it('accepts listed keys with a signWith among them', () => {
    const config = resolveConfig({ signing: { keys: [OLD, NEW], signWith: NEW.id } });
    expect(config.signing?.signWith).to.equal(NEW.id);
  });

  it('reads the signing section from YAML', () => {
    const config = parseConfig(`signing:\n  keys:\n    - { id: ${OLD.id}, secret: "${OLD.secret}" }\n  signWith: ${OLD.id}\n`);
    expect(config.signing?.keys.map((k) => k.id)).to.deep.equal([OLD.id]);
  });

  it('refuses a secret under 32 bytes, naming the field and never the secret', () => {
    expect(Buffer.byteLength(SHORT)).to.equal(31);
    const error = configError(() => resolveConfig({ signing: { keys: [OLD, { id: 'k2', secret: SHORT }], signWith: OLD.id } }));
    expect(error.path).to.equal('config.signing.keys.1.secret');
    expect(error.message).to.equal('invalid config at config.signing.keys.1.secret: expected a secret of at least 32 bytes, got "*** (31 bytes)"');
    expect(error.message).to.not.include(SHORT);
  });

  it('refuses a signWith that names no listed key', () => {
    const error = configError(() => resolveConfig({ signing: { keys: [OLD, NEW], signWith: 'k-typo' } }));
    expect(error.message).to.equal(`invalid config at config.signing.signWith: expected the id of a listed key (${OLD.id}, ${NEW.id}), got "k-typo"`);
  });

  it('refuses two keys with one id', () => {
    const error = configError(() => resolveConfig({ signing: { keys: [OLD, { id: OLD.id, secret: NEW.secret }], signWith: OLD.id } }));
    expect(error.path).to.equal('config.signing.keys.1.id');
    expect(error.message).to.not.include(NEW.secret);
  });

  it('refuses an empty key list and a malformed key id', () => {
    expect(configError(() => resolveConfig({ signing: { keys: [], signWith: 'k' } })).path).to.equal('config.signing.keys');
    expect(configError(() => resolveConfig({ signing: { keys: [{ id: 'has space', secret: OLD.secret }], signWith: 'has space' } })).path)
      .to.equal('config.signing.keys.0.id');
  });

  it('redacts a secret of the wrong type and a misspelled signing field', () => {
    const wrongType = configError(() => resolveConfig({ signing: { keys: [{ id: 'k', secret: ['s3cr3t-value'] }], signWith: 'k' } }));
    expect(wrongType.path).to.equal('config.signing.keys.0.secret');
    expect(wrongType.message).to.not.include('s3cr3t-value');
    const misspelled = configError(() => resolveConfig({ signing: { keys: [{ id: 'k', secret: OLD.secret, secrte: 's3cr3t-value' }], signWith: 'k' } }));
    expect(misspelled.path).to.equal('config.signing.keys.0.secrte');
    expect(misspelled.message).to.not.include('s3cr3t-value');
  });

  it('checks the config again when a signer is built from it directly', () => {
    const error = configError(() => createEnvelopeSigner({ keys: [OLD], signWith: NEW.id }));
    expect(error.path).to.equal('signing.signWith');
  });
});
