import { expect } from 'chai';
import { createRequire } from 'node:module';
import { inspect } from 'node:util';
import { BadSignatureError } from '../../src/errors/bad-signature-error';
import { UnsignedMessageError } from '../../src/errors/unsigned-message-error';
import { decodeEnvelope, encodeEnvelope, type Envelope } from '../../src/model/envelope';
import { createEnvelopeSigner } from '../../src/signing/envelope-signer';
import { NEW, OLD, signingWith, withdrawal } from './keys';

const TOPIC = 'ns.service.BankService';
/** The module object itself (not an import copy), so the test can watch calls to its timingSafeEqual. */
const nodeCrypto = createRequire(__filename)('node:crypto') as typeof import('node:crypto');

/** The same envelope after a trip over the wire: encoded, then decoded as a receiver does. */
const overTheWire = (envelope: Envelope): Envelope => decodeEnvelope(encodeEnvelope(envelope), TOPIC);

describe('signing/envelope-signer', () => {
  const signer = createEnvelopeSigner(signingWith(OLD.id, OLD));

  it('signs with the signWith key and verifies what it signed, after the wire', () => {
    const signed = signer.sign(withdrawal());
    expect(signed.sig?.kid).to.equal(OLD.id);
    expect(signed.sig?.mac).to.match(/^[A-Za-z0-9_-]{43}$/);
    expect(signer.refusal(overTheWire(signed), TOPIC)).to.equal(undefined);
  });

  it('leaves the envelope it signs unchanged and replaces an older signature', () => {
    const original = withdrawal();
    const resigned = createEnvelopeSigner(signingWith(NEW.id, OLD, NEW)).sign(signer.sign(original));
    expect(original).to.not.have.property('sig');
    expect(resigned.sig?.kid).to.equal(NEW.id);
  });

  it('verifies whatever order the fields arrive in', () => {
    const signed = signer.sign(withdrawal());
    const { message, ...rest } = signed;
    const reordered = { message: Object.fromEntries(Object.entries(message).reverse()), ...Object.fromEntries(Object.entries(rest).reverse()) } as Envelope;
    expect(JSON.stringify(reordered)).to.not.equal(JSON.stringify(signed));
    expect(signer.refusal(reordered, TOPIC)).to.equal(undefined);
  });

  it('refuses an envelope without a signature with UnsignedMessageError', () => {
    const refusal = signer.refusal(withdrawal(), TOPIC);
    expect(refusal).to.be.instanceOf(UnsignedMessageError);
    expect(refusal).to.include({ code: 'UNSIGNED_MESSAGE', topic: TOPIC, messageId: 'wire-1:1#1', retriable: false });
  });

  const tampered: Array<[string, (e: Envelope) => Envelope]> = [
    ['the id', (e) => ({ ...e, id: 'wire-1:1#2' })],
    ['at', (e) => ({ ...e, at: e.at + 1 })],
    ['the causation id', (e) => ({ ...e, causationId: 'other' })],
    ['the causation id, dropped', ({ causationId: _dropped, ...e }) => e],
    ['its fields, one added', (e) => ({ ...e, extra: 1 }) as Envelope],
    ['an argument (the amount)', (e) => ({ ...e, message: { ...e.message, args: ['wire-1', 'alice', 100_000] } }) as Envelope],
    ['the method', (e) => ({ ...e, message: { ...e.message, method: 'deposit' } }) as Envelope],
    ['the target workflow', (e) => ({ ...e, message: { ...e.message, workflowId: 'wire-2' } }) as Envelope],
    ['the kind', (e) => ({ ...e, message: { ...e.message, kind: 'TaskCompleted' } }) as Envelope],
  ];
  for (const [field, change] of tampered) {
    it(`refuses a signed envelope after a change to ${field}`, () => {
      const refusal = signer.refusal(overTheWire(change(signer.sign(withdrawal()))), TOPIC);
      expect(refusal).to.be.instanceOf(BadSignatureError);
      expect(refusal).to.include({ code: 'BAD_SIGNATURE', keyId: OLD.id, reason: 'signature does not match' });
    });
  }

  it('refuses a signature made with another secret under a listed key id', () => {
    const forger = createEnvelopeSigner(signingWith(OLD.id, { id: OLD.id, secret: 'a-guess-at-the-secret-0123456789abcdef' }));
    expect(signer.refusal(forger.sign(withdrawal()), TOPIC)).to.include({ code: 'BAD_SIGNATURE', reason: 'signature does not match' });
  });

  it('refuses a MAC moved to another listed key id', () => {
    const both = createEnvelopeSigner(signingWith(OLD.id, OLD, NEW));
    const signed = both.sign(withdrawal());
    expect(both.refusal({ ...signed, sig: { kid: NEW.id, mac: signed.sig!.mac } }, TOPIC)).to.include({ reason: 'signature does not match' });
  });

  it('refuses an unknown key id, naming it', () => {
    const stranger = createEnvelopeSigner(signingWith('k-stranger', { id: 'k-stranger', secret: OLD.secret }));
    const refusal = signer.refusal(stranger.sign(withdrawal()), TOPIC);
    expect(refusal).to.include({ code: 'BAD_SIGNATURE', keyId: 'k-stranger', reason: 'unknown key id' });
    expect((refusal as Error).message).to.equal('message wire-1:1#1 on ns.service.BankService has a bad signature (key "k-stranger"): unknown key id');
  });

  it('refuses a MAC that is not 32 bytes of base64url', () => {
    const signed = signer.sign(withdrawal());
    for (const mac of ['', 'short', `${signed.sig!.mac}AA`, `${signed.sig!.mac.slice(0, -1)}+`]) {
      expect(signer.refusal({ ...signed, sig: { kid: OLD.id, mac } }, TOPIC), mac).to.be.instanceOf(BadSignatureError);
    }
  });

  describe('rotation', () => {
    const worker = createEnvelopeSigner(signingWith(NEW.id, OLD, NEW));
    const client = createEnvelopeSigner(signingWith(OLD.id, OLD, NEW));

    it('signs with the new key while the old one still verifies', () => {
      const fromWorker = worker.sign(withdrawal());
      expect(fromWorker.sig?.kid).to.equal(NEW.id);
      expect(worker.refusal(overTheWire(client.sign(withdrawal())), TOPIC)).to.equal(undefined);
      expect(client.refusal(overTheWire(fromWorker), TOPIC)).to.equal(undefined);
    });

    it('refuses the old key once it is removed', () => {
      const after = createEnvelopeSigner(signingWith(NEW.id, NEW));
      expect(after.refusal(client.sign(withdrawal()), TOPIC)).to.include({ code: 'BAD_SIGNATURE', keyId: OLD.id, reason: 'unknown key id' });
    });
  });

  it('compares MACs with crypto.timingSafeEqual', () => {
    const original = nodeCrypto.timingSafeEqual;
    const compared: Array<[Buffer, Buffer]> = [];
    nodeCrypto.timingSafeEqual = (a, b) => {
      compared.push([Buffer.from(a as Uint8Array), Buffer.from(b as Uint8Array)]);
      return original(a, b);
    };
    try {
      const signed = signer.sign(withdrawal());
      const flipped = Buffer.from(signed.sig!.mac, 'base64url');
      flipped[0] = flipped[0]! ^ 1;
      expect(signer.refusal({ ...signed, sig: { kid: OLD.id, mac: flipped.toString('base64url') } }, TOPIC)).to.be.instanceOf(BadSignatureError);
      expect(signer.refusal(signed, TOPIC)).to.equal(undefined);
    } finally {
      nodeCrypto.timingSafeEqual = original;
    }
    expect(compared).to.have.length(2);
    expect(compared.every(([a, b]) => a.length === 32 && b.length === 32)).to.equal(true);
  });

  it('keeps its secrets out of inspect and JSON', () => {
    const both = createEnvelopeSigner(signingWith(NEW.id, OLD, NEW));
    const shown = `${inspect(both, { depth: 10, showHidden: true })}${JSON.stringify(both)}`;
    expect(shown).to.not.include(OLD.secret).and.not.include(NEW.secret);
  });
});
