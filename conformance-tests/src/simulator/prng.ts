/**
 * The simulator's only source of randomness: mulberry32, a 32-bit generator small enough to keep in our
 * heads. Every choice of a run (workload, fault schedule, which message is duplicated) draws from one of
 * these, seeded from the run's seed, so a seed replays the same run.
 */
export class Prng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A number in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let z = this.state;
    z = Math.imul(z ^ (z >>> 15), z | 1);
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
    return ((z ^ (z >>> 14)) >>> 0) / 4_294_967_296;
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new RangeError('pick from an empty list');
    return item;
  }

  /** An independent generator, so that one concern's draws do not shift another's. */
  fork(salt: number): Prng {
    return new Prng(Math.imul(this.int(0, 0x7fffffff) ^ salt, 0x9e3779b1));
  }
}
