import { expect } from 'chai';
import { MalformedMessageError } from '../../src/errors/malformed-message-error';
import { decodeEnvelope, encodeEnvelope, type Envelope, WIRE_VERSION } from '../../src/model/envelope';
import { thrownBy } from '../support/rejection-of';

const TOPIC = 'cadenza.workflow.BankWorkflow';
const bytes = (text: string) => new TextEncoder().encode(text);

const malformed = (input: Uint8Array): MalformedMessageError => {
  const error = thrownBy(() => decodeEnvelope(input, TOPIC));
  expect(error).to.be.instanceOf(MalformedMessageError);
  const m = error as MalformedMessageError;
  expect(m.topic).to.equal(TOPIC);
  expect(m.code).to.equal('MALFORMED_MESSAGE');
  expect(m.retriable).to.equal(false);
  expect(m.message).to.equal(`malformed message on ${TOPIC}: ${m.reason}`);
  return m;
};

describe('model/envelope', () => {
  const run: Envelope = {
    v: WIRE_VERSION, id: 'req-1', at: 1_700_000_000_000, causationId: 'cause-1',
    message: { kind: 'RunWorkflow', workflowName: 'BankWorkflow', workflowId: 'w1', method: 'transfer', args: ['alice', 'bob', 100, { note: 'rent' }], tags: ['t'], meta: { user: 'alice' }, replyTo: 'cadenza.client.c1' },
  };
  const task: Envelope = {
    v: WIRE_VERSION, id: 'w1:1:r0#2', at: 5,
    message: {
      kind: 'ExecuteTask', taskId: 'w1:1', service: 'BankService', method: 'deposit', args: ['w1', 'bob', 100], attempt: 2, retry: 0,
      workflowName: 'BankWorkflow', workflowId: 'w1', seq: 1, tags: [], meta: {}, lastError: { name: 'Error', message: 'boom' },
    },
  };

  describe('encode then decode', () => {
    it('gives back the same envelope, with and without optional fields', () => {
      expect(decodeEnvelope(encodeEnvelope(run), TOPIC)).to.deep.equal(run);
      expect(decodeEnvelope(encodeEnvelope(task), TOPIC)).to.deep.equal(task);
    });

    it('writes UTF-8 JSON, so non-ASCII text survives', () => {
      const unicode: Envelope = { ...run, message: { ...run.message, args: ['Zoë', '東京', '🎵'] } as Envelope['message'] };
      const encoded = encodeEnvelope(unicode);
      expect(JSON.parse(new TextDecoder().decode(encoded))).to.deep.equal(unicode);
      expect(decodeEnvelope(encoded, TOPIC)).to.deep.equal(unicode);
    });
  });

  describe('decode refuses with MalformedMessageError', () => {
    it('bytes that are not JSON', () => {
      const error = malformed(bytes('{"v":1,'));
      expect(error.reason).to.match(/^not UTF-8 JSON \(.*JSON.*\)$/);
    });

    it('bytes that are not UTF-8', () => {
      const error = malformed(new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]));
      expect(error.reason).to.match(/^not UTF-8 JSON \(.*utf-8.*\)$/i);
    });

    it('JSON with no "v" field, including values that are not objects', () => {
      for (const text of ['{}', '{"id":"x","at":1,"message":{}}', 'null', '[1,2]', '"v"', '42']) {
        expect(malformed(bytes(text)).reason, text).to.equal('not a Cadenza envelope (no "v" field)');
      }
    });

    it('another wire version, naming the version found and the one read', () => {
      expect(malformed(encodeEnvelope({ ...run, v: 2 as never })).reason).to.equal('wire version 2 is not supported (this build reads 1)');
      expect(malformed(encodeEnvelope({ ...run, v: '1' as never })).reason).to.equal('wire version "1" is not supported (this build reads 1)');
    });

    it('a valid JSON envelope with an unknown message kind, in a short reason naming the kind', () => {
      const error = malformed(bytes(JSON.stringify({ v: 1, id: 'x', at: 1, message: { kind: 'LaunchRockets', workflowName: 'W', workflowId: 'w1' } })));
      expect(error.reason).to.match(/^unknown message kind "LaunchRockets"/);
      expect(error.reason).to.contain('"LaunchRockets"');
      // The reason goes into logs and every DeadLetter; it must not spell out the structure of every message kind.
      expect(error.reason.length, error.reason.slice(0, 200)).to.be.at.most(300);
    });

    it('a missing envelope field, naming it', () => {
      const { id: _id, ...withoutId } = run;
      expect(malformed(bytes(JSON.stringify(withoutId))).reason).to.equal('at id: expected string, got undefined');
    });

    it('a known kind with a field of the wrong type, naming its path', () => {
      const bad = { ...task, message: { ...task.message, attempt: 'two' } };
      expect(malformed(bytes(JSON.stringify(bad))).reason).to.contain('at message.attempt: expected number, got "two"');
    });
  });
});
