import { expect } from 'chai';
import { isLeft } from 'fp-ts/lib/Either';
import * as t from 'io-ts';
import { errorPath, formatValidationErrors, renderValue } from '../../src/model/validation-report';

/** The io-ts errors of decoding `value`; fails the test when it decodes. */
const errorsOf = (codec: t.Mixed, value: unknown): t.Errors => {
  const result = codec.decode(value);
  if (!isLeft(result)) throw new Error(`expected ${JSON.stringify(value)} not to decode`);
  return result.left;
};

describe('model/validation-report', () => {
  describe('formatValidationErrors', () => {
    it('gives a tuple element its index under the root', () => {
      const args = t.tuple([t.string, t.string, t.string, t.number]);
      expect(formatValidationErrors(errorsOf(args, ['w1', 'alice', 'bob', 'ten']), 'args')).to.deep.equal(['at args.3: expected number, got "ten"']);
    });

    it('leaves out the branch indexes of an intersection', () => {
      const codec = t.intersection([t.type({ name: t.string }), t.partial({ amount: t.number })]);
      expect(formatValidationErrors(errorsOf(codec, { name: 'x', amount: 'ten' }))).to.deep.equal(['at amount: expected number, got "ten"']);
    });

    it('gives one line per union branch, without the branch indexes', () => {
      const codec = t.type({ amount: t.union([t.number, t.type({ cents: t.number })]) });
      expect(formatValidationErrors(errorsOf(codec, { amount: 'ten' }))).to.deep.equal([
        'at amount: expected number, got "ten"',
        'at amount: expected { cents: number }, got "ten"',
      ]);
    });

    it('reaches through a tuple inside an intersection inside a union', () => {
      const codec = t.union([t.intersection([t.type({ args: t.tuple([t.string, t.number]) }), t.partial({ tag: t.string })]), t.null]);
      expect(formatValidationErrors(errorsOf(codec, { args: ['a', 'ten'] }), 'call')).to.deep.equal([
        'at call.args.1: expected number, got "ten"',
        'at call: expected null, got {"args":["a","ten"]}',
      ]);
    });

    it('drops duplicate lines', () => {
      const codec = t.union([t.type({ n: t.number }), t.type({ n: t.number, m: t.string })]);
      expect(formatValidationErrors(errorsOf(codec, { n: 'x', m: 's' }))).to.deep.equal(['at n: expected number, got "x"']);
    });

    it('names a missing field as undefined, and has no "at" for the top level without a root', () => {
      expect(formatValidationErrors(errorsOf(t.type({ id: t.string }), {}))).to.deep.equal(['at id: expected string, got undefined']);
      expect(formatValidationErrors(errorsOf(t.number, 'x'))).to.deep.equal(['expected number, got "x"']);
      expect(formatValidationErrors(errorsOf(t.number, 'x'), 'result')).to.deep.equal(['at result: expected number, got "x"']);
    });
  });

  describe('errorPath', () => {
    it('lists field names and indexes only', () => {
      const codec = t.type({ transport: t.intersection([t.type({ type: t.string }), t.partial({ brokers: t.array(t.string) })]) });
      const [first] = errorsOf(codec, { transport: { type: 'kafka', brokers: ['a', 9092] } });
      expect(errorPath(first!.context)).to.deep.equal(['transport', 'brokers', '1']);
    });

    it('is empty for an error at the top level', () => {
      const [first] = errorsOf(t.string, 5);
      expect(errorPath(first!.context)).to.deep.equal([]);
    });

    it('keeps a record key', () => {
      const [first] = errorsOf(t.record(t.string, t.string), { user: 5 });
      expect(errorPath(first!.context)).to.deep.equal(['user']);
    });
  });

  describe('renderValue', () => {
    it('renders JSON, undefined, and long values cut at 120 characters', () => {
      expect(renderValue({ a: [1, 'x'] })).to.equal('{"a":[1,"x"]}');
      expect(renderValue(undefined)).to.equal('undefined');
      const long = renderValue('x'.repeat(500));
      expect(long).to.have.length(120);
      expect(long.endsWith('...')).to.equal(true);
    });

    it('falls back to String for values JSON cannot render', () => {
      const circular: Record<string, unknown> = {};
      circular.self = circular;
      expect(renderValue(circular)).to.equal('[object Object]');
      expect(renderValue(10n)).to.equal('10');
    });
  });
});
