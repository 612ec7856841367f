import { expect } from 'chai';
import { jsonCopy } from '../../src/support/json-copy';

const throughJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value) ?? 'null');

describe('support/json-copy', () => {
  it('copies as JSON.parse(JSON.stringify(...)) would, for plain and odd values alike', () => {
    class Point { constructor(readonly x: number, readonly hidden?: number) {} }
    const nullProto = Object.assign(Object.create(null) as object, { a: 1 });
    const values: unknown[] = [
      { a: 1, b: 'two', c: [true, null, { d: -0 }], e: undefined, f: () => 1, g: Symbol('s'), h: NaN, i: Infinity },
      [undefined, () => 1, Symbol('s'), NaN, -0, [[]]],
      // eslint-disable-next-line no-sparse-arrays
      [1, , 3],
      { at: new Date(0), point: new Point(1), custom: { toJSON: () => 'custom' }, nullProto },
      JSON.parse('{"__proto__": {"polluted": true}, "ok": 1}'),
      'text', 42, true, null,
    ];
    for (const value of values) {
      const copy = jsonCopy(value);
      expect(copy).to.deep.equal(throughJson(value));
      if (typeof value === 'object' && value !== null) expect(copy).not.to.equal(value);
    }
    expect(Object.is((jsonCopy({ z: -0 }) as { z: number }).z, 0)).to.equal(true);
    const proto = jsonCopy(JSON.parse('{"__proto__": {"polluted": true}}') as object);
    expect(Object.getPrototypeOf(proto)).to.equal(Object.prototype);
    expect(Object.keys(proto)).to.deep.equal(['__proto__']);
  });

  it('shares nothing with the original, at any depth', () => {
    const original = { list: [{ deep: [1] }] };
    const copy = jsonCopy(original);
    copy.list[0]!.deep.push(2);
    expect(original).to.deep.equal({ list: [{ deep: [1] }] });
  });

  it('fails a cycle with JSON\'s TypeError, not a stack overflow, and copies deep values that have none', () => {
    const cycle: Record<string, unknown> = { list: [] };
    (cycle.list as unknown[]).push({ back: cycle });
    expect(() => jsonCopy(cycle)).to.throw(TypeError, /circular/);
    let deep: unknown = 'bottom';
    for (let i = 0; i < 2_000; i++) deep = i % 2 === 0 ? [deep] : { next: deep };
    expect(JSON.stringify(jsonCopy(deep))).to.equal(JSON.stringify(deep));
  });

  it('lets an array with its own toJSON go through JSON, as JSON.stringify would', () => {
    const custom = Object.assign([1, 2], { toJSON: () => 'custom' });
    expect(jsonCopy({ custom })).to.deep.equal({ custom: 'custom' });
  });

  it('refuses a BigInt as JSON does', () => {
    expect(() => jsonCopy({ n: 1n })).to.throw(TypeError);
  });
});
