import { expect } from 'chai';
import { MinHeap } from '../src/support/min-heap';

describe('MinHeap', () => {
  it('pops by ascending priority', () => {
    const heap = new MinHeap<number>();
    const values = Array.from({ length: 200 }, (_, i) => (i * 7919) % 200);
    for (const v of values) heap.push(v, v);
    const out: number[] = [];
    while (heap.size > 0) out.push(heap.pop()!);
    expect(out).to.deep.equal([...values].sort((a, b) => a - b));
    expect(heap.pop()).to.equal(undefined);
    expect(heap.peekPriority()).to.equal(undefined);
  });
});
