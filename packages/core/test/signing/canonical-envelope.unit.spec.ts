import { expect } from 'chai';
import { canonicalJson } from '../../src/signing/canonical-envelope';

/** What a receiver holds: the value after JSON on the wire. */
const received = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

describe('signing/canonical-envelope', () => {
  it('writes keys sorted at every depth, whatever order they were built in', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: 'x' } })).to.equal('{"a":{"c":"x","d":[2,{"e":0,"f":1}]},"b":1}');
    expect(canonicalJson({ a: { c: 'x', d: [2, { e: 0, f: 1 }] }, b: 1 })).to.equal(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: 'x' } }));
  });

  const senderValues: Array<[string, unknown]> = [
    ['undefined fields and array items', { a: undefined, list: [1, undefined, 3] }],
    ['a Date (toJSON)', { when: new Date(1_700_000_000_000) }],
    ['functions and symbols', { f: () => 1, s: Symbol('s'), list: [() => 1] }],
    ['-0, NaN and a lone surrogate', { zero: -0, nan: Number.NaN, text: 'a\ud800b' }],
    ['a class instance and a Map', { point: new (class { x = 1; y = 2 })(), map: new Map([['k', 1]]) }],
  ];
  for (const [title, value] of senderValues) {
    it(`reads the same on both sides of the wire with ${title}`, () => {
      expect(canonicalJson(value)).to.equal(canonicalJson(received(value)));
    });
  }
});
