import { expect } from 'chai';
import { LruCache } from '../../src/engine/lru-cache';

const keysOf = (cache: LruCache<string, number>, candidates: string[]) => candidates.filter((k) => cache.get(k) !== undefined);

describe('engine/lru-cache', () => {
  it('evicts the least recently set entry when full', () => {
    const cache = new LruCache<string, number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('c', 3);
    expect(cache.size).to.equal(2);
    expect(cache.get('a')).to.equal(undefined);
    expect(cache.get('b')).to.equal(2);
    expect(cache.get('c')).to.equal(3);
  });

  it('evicts in order of last use, a get counting as a use', () => {
    const cache = new LruCache<string, number>(3);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('c', 3);
    expect(cache.get('a')).to.equal(1); // least recent first: b, c, a
    cache.set('d', 4); // evicts b: c, a, d
    expect(keysOf(cache, ['b'])).to.deep.equal([]); // a miss is no use
    cache.set('e', 5); // evicts c: a, d, e
    expect(cache.size).to.equal(3);
    expect(cache.get('c')).to.equal(undefined);
    expect([cache.get('a'), cache.get('d'), cache.get('e')]).to.deep.equal([1, 4, 5]);
  });

  it('replaces the value of a key that is set again, and counts it as a use', () => {
    const cache = new LruCache<string, number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('a', 10);
    expect(cache.size).to.equal(2);
    cache.set('c', 3);
    expect(cache.get('b')).to.equal(undefined);
    expect(cache.get('a')).to.equal(10);
  });

  it('stores nothing with capacity 0', () => {
    const cache = new LruCache<string, number>(0);
    cache.set('a', 1);
    expect(cache.size).to.equal(0);
    expect(cache.get('a')).to.equal(undefined);
  });

  it('deletes one entry or all of them', () => {
    const cache = new LruCache<string, number>(5);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.delete('a');
    cache.delete('missing');
    expect(cache.get('a')).to.equal(undefined);
    expect(cache.size).to.equal(1);
    cache.clear();
    expect(cache.size).to.equal(0);
    expect(cache.get('b')).to.equal(undefined);
  });

  it('refuses a capacity that is negative, fractional or not a number', () => {
    for (const capacity of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => new LruCache(capacity), String(capacity)).to.throw(RangeError, /cache capacity must be an integer ≥ 0/);
    }
  });
});
