import { expect } from 'chai';
import { jsonBytesBound } from '../../src/support/json-bytes-bound';

const exact = (value: unknown): number => Buffer.byteLength(JSON.stringify(value) ?? '');

describe('support/json-bytes-bound', () => {
  const values: unknown[] = [
    null, true, 0, -0, 1.2345678901234567e-308, -Number.MAX_VALUE, NaN, '', 'plain', 'é東🎵', '"\\\n\u0001', 'x'.repeat(1_000),
    [], [1, 'a', null, undefined, () => 1], {}, { a: 1, b: undefined, c: [{ d: 'é' }], '"k"': '\u0000' },
    { v: 1, id: 'r1', at: 1, message: { kind: 'RunWorkflow', args: ['wire-1', 'alice', 'bob', 100], tags: ['t'], meta: { m: 'v' } } },
  ];

  it('is never below the exact size while within the limit', () => {
    for (const value of values) expect(jsonBytesBound(value, 1_000_000), JSON.stringify(value)).to.be.at.least(exact(value));
  });

  it('answers the exact size once the bound passes the limit, so it exceeds the limit exactly when the value does', () => {
    for (const value of values) {
      const size = exact(value);
      for (const limit of [0, size - 1, size]) {
        if (limit < 0) continue;
        const answer = jsonBytesBound(value, limit);
        expect(answer > limit, `${JSON.stringify(value)} within ${limit}`).to.equal(size > limit);
      }
    }
  });

  it('takes the size of what JSON alone can tell from JSON: a Date, toJSON, a class instance', () => {
    class Point {
      constructor(readonly x: number) {}
    }
    for (const value of [new Date(0), { toJSON: () => 'xy' }, new Point(1), [new Point(2)]]) expect(jsonBytesBound(value, 1_000)).to.equal(exact(value));
  });

  it("fails as JSON does on a cycle and a BigInt", () => {
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(() => jsonBytesBound(cycle, 1_000)).to.throw(TypeError);
    expect(() => jsonBytesBound({ n: 1n }, 1_000)).to.throw(TypeError);
  });
});
