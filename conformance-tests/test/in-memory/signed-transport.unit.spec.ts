import { createEnvelopeSigner, type Delivery, encodeEnvelope, type Envelope, type Logger, signTransport, type Transport } from '@cadenza/core';
import { createInMemoryTransport, InMemoryBroker, inMemoryTransportCapabilities } from '@cadenza/in-memory';
import { expect } from 'chai';
import { describeTransportConformance, eventually, freshName, testEnvelope, valueOf } from '../../src';
import { recordingLogger } from '../../src/signing/recording-logger';
import { signingWith, TEST_KEYS } from '../../src/signing/test-keys';

const silent: Logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined, child: () => silent };
const { old: OLD, new: NEW, guessed: GUESSED } = TEST_KEYS;

// Both keys listed everywhere; the transports the suite opens take turns signing with one and the other,
// so every rule is checked while a rotation is half done.
const broker = new InMemoryBroker();
const raw = createInMemoryTransport({ broker });
let opened = 0;
describeTransportConformance({
  name: 'in-memory, signed (keys old+new, signing with each in turn)',
  capabilities: signTransport(raw, createEnvelopeSigner(signingWith(OLD, NEW)), { logger: silent }).capabilities,
  create: async () => {
    const keys = opened++ % 2 === 0 ? [OLD, NEW] : [NEW, OLD];
    return signTransport(createInMemoryTransport({ broker }), createEnvelopeSigner(signingWith(...keys)), { logger: silent });
  },
  publishRaw: (topic, bytes, key) => raw.publishRaw(topic, bytes, key),
  cutDeadLettersKeepOrigin: false,
  wireEncodings: (envelope) => [[OLD, NEW], [NEW, OLD]].map((keys) => encodeEnvelope(createEnvelopeSigner(signingWith(...keys)).sign(envelope))),
  teardown: async () => {
    await raw.close();
    broker.shutdown();
  },
});

describe('signed transport over in-memory: what it refuses', () => {
  const local = new InMemoryBroker();
  const unsigned = createInMemoryTransport({ broker: local });
  const log = recordingLogger();
  const signed = signTransport(createInMemoryTransport({ broker: local }), createEnvelopeSigner(signingWith(NEW, OLD)), { logger: log });
  const forger = signTransport(createInMemoryTransport({ broker: local }), createEnvelopeSigner(signingWith(GUESSED)), { logger: silent });
  after(async () => {
    await Promise.all([unsigned.close(), signed.close(), forger.close()]);
    local.shutdown();
  });

  /** A topic read through `signed`, its dead-letter topic read raw. */
  const watch = async (through: Transport = signed) => {
    const topic = freshName('topic');
    const deadLetterTopic = freshName('dead-letter');
    const handled: Delivery[] = [];
    const dead: Envelope[] = [];
    await through.subscribe(topic, freshName('group'), async (d) => void handled.push(d), { order: 'per-key', deadLetterTopic });
    await unsigned.subscribe(deadLetterTopic, freshName('dlq'), async (d) => void dead.push(d.envelope), { order: 'none', deadLetterTopic: freshName('unused') });
    return { topic, deadLetterTopic, handled, dead };
  };
  const letterOf = (envelope: Envelope | undefined) => {
    if (envelope?.message.kind !== 'DeadLetter') throw new Error(`expected a DeadLetter, got ${envelope?.message.kind}`);
    return envelope.message;
  };

  for (const [title, send, code] of [
    ['with no signature', (topic: string, e: Envelope) => unsigned.publish(topic, e, { key: 'k' }), 'UNSIGNED_MESSAGE'],
    ['signed with a guessed secret', (topic: string, e: Envelope) => forger.publish(topic, e, { key: 'k' }), 'BAD_SIGNATURE'],
  ] as const) {
    it(`dead-letters a message ${title} with its typed reason, never handles it, and goes on`, async () => {
      const { topic, handled, dead } = await watch();
      const forged = testEnvelope('forged');
      await send(topic, forged);
      await signed.publish(topic, testEnvelope('genuine'), { key: 'k' });
      await eventually(() => expect(handled.map((d) => valueOf(d.envelope))).to.deep.equal(['genuine']));
      await eventually(() => expect(dead).to.have.length(1));
      const letter = letterOf(dead[0]);
      expect(letter.originalTopic).to.equal(topic);
      expect(letter.reason).to.match(new RegExp(`^${code}: message ${forged.id} on ${topic}`));
      expect(JSON.parse(Buffer.from(letter.raw, 'base64').toString('utf8')).id).to.equal(forged.id);
      expect(JSON.stringify(log.lines)).to.not.include(NEW.secret).and.not.include(OLD.secret);
    });
  }

  it('hands a handler the envelope without its signature', async () => {
    const { topic, handled } = await watch();
    const sent = testEnvelope('plain');
    await signed.publish(topic, sent);
    await eventually(() => expect(handled).to.have.length(1));
    expect(handled[0]!.envelope).to.deep.equal(sent);
  });

  it('does not hand on the record of a refused forgery, so no worker acts on what it carries', async () => {
    const { topic, deadLetterTopic, dead } = await watch();
    const readThroughSigned: Envelope[] = [];
    await signed.subscribe(deadLetterTopic, freshName('router'), async (d) => void readThroughSigned.push(d.envelope), { order: 'none', deadLetterTopic });
    const forged = testEnvelope('forged');
    await unsigned.publish(topic, forged, { key: 'k' });
    await eventually(() => expect(dead).to.have.length(1));
    await eventually(() => expect(log.lines.filter((l) => l.fields.messageId === `dead-letter:${forged.id}`)).to.have.length(1));
    expect(readThroughSigned).to.deep.equal([]);
    expect(dead, 'a refused dead letter is not dead-lettered again').to.have.length(1);
  });

  it('does not hand on a forged dead letter, but does a transport dead letter of a signed message', async () => {
    const { topic, deadLetterTopic } = await watch();
    const readThroughSigned: Envelope[] = [];
    await signed.subscribe(deadLetterTopic, freshName('router'), async (d) => void readThroughSigned.push(d.envelope), { order: 'none', deadLetterTopic });
    const carried = (e: Envelope) => Buffer.from(JSON.stringify(e)).toString('base64');
    const forgedLetter = (id: string, inside: Envelope): Envelope => ({
      v: 1, id, at: Date.now(), message: { kind: 'DeadLetter', originalTopic: topic, reason: 'rejected', deliveries: 10, raw: carried(inside) },
    });
    const genuine = createEnvelopeSigner(signingWith(OLD)).sign(testEnvelope('genuine'));
    await unsigned.publish(deadLetterTopic, forgedLetter('forged-letter', testEnvelope('forged')));
    await unsigned.publish(deadLetterTopic, forgedLetter('transport-letter', genuine));
    await eventually(() => expect(readThroughSigned.map((e) => e.id)).to.deep.equal(['transport-letter']));
    await eventually(() => expect(log.lines.some((l) => l.fields.messageId === 'forged-letter' && l.fields.code === 'UNSIGNED_MESSAGE')).to.equal(true));
  });

  it('hands on a cut dead letter that nothing vouches for without the origin it names, so no step is failed by it', async () => {
    const { topic, deadLetterTopic } = await watch();
    const readThroughSigned: Envelope[] = [];
    await signed.subscribe(deadLetterTopic, freshName('router'), async (d) => void readThroughSigned.push(d.envelope), { order: 'none', deadLetterTopic });
    const origin = { id: 'w1:1:r0#1', kind: 'ExecuteTask', workflowName: 'BankWorkflow', workflowId: 'w1', seq: 1, taskId: 'w1:1', attempt: 1 };
    await unsigned.publish(deadLetterTopic, {
      v: 1, id: 'forged-cut-letter', at: Date.now(),
      message: { kind: 'DeadLetter', originalTopic: topic, reason: 'rejected', deliveries: 10, raw: '', truncated: true, rawBytes: 9_000_000, rawSha256: '00', origin },
    });
    await eventually(() => expect(readThroughSigned.map((e) => e.id)).to.deep.equal(['forged-cut-letter']));
    expect(readThroughSigned[0]!.message).to.include({ kind: 'DeadLetter', truncated: true }).and.not.to.have.property('origin');
  });

  it('leaves room for the signature in maxMessageBytes', () => {
    const encoded = Buffer.byteLength(JSON.stringify(createEnvelopeSigner(signingWith(NEW)).sign(testEnvelope('x'))));
    const bare = Buffer.byteLength(JSON.stringify(testEnvelope('x')));
    expect(inMemoryTransportCapabilities.maxMessageBytes - signed.capabilities.maxMessageBytes).to.equal(encoded - bare);
  });
});
