import { expect } from 'chai';
import { toJson } from '../../src/support/to-json';

describe('support/to-json', () => {
  it('reads a value back as JSON storage would: dates as strings, undefined properties dropped, NaN as null', () => {
    const at = new Date(0);
    expect(toJson({ at, gone: undefined, n: Number.NaN, list: [undefined, 1] })).to.deep.equal({ at: '1970-01-01T00:00:00.000Z', n: null, list: [null, 1] });
  });

  it('reads undefined back as null', () => {
    expect(toJson(undefined)).to.equal(null);
  });

  it('refuses with a TypeError what JSON cannot write: a function, a symbol, a BigInt, a cycle', () => {
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    for (const value of [() => 1, Symbol('s'), 10n, cycle]) expect(() => toJson(value)).to.throw(TypeError);
  });

  it('hands back a copy, never the value itself', () => {
    const args = [{ amount: 10 }];
    const copy = toJson(args) as Array<{ amount: number }>;
    copy[0]!.amount = 99;
    expect(args[0]!.amount).to.equal(10);
  });
});
