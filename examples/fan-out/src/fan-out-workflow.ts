import { Deferred, Workflow } from '@cadenza/core';
import * as t from 'io-ts';
import { SquareService } from './square-service';

/** The largest fan-out the example accepts: each task is a step in the workflow's history. */
export const MAX_FAN_OUT = 10_000;

const FanOutSize = t.refinement(t.number, (n) => Number.isInteger(n) && n >= 1 && n <= MAX_FAN_OUT, `an integer in [1, ${MAX_FAN_OUT}]`);

/** What a fan-out returns: how many tasks ran and the sum of their results. */
export interface FanOutResult {
  readonly tasks: number;
  readonly sum: number;
}

/**
 * Starts `count` tasks at once (each stub call returns a Deferred without waiting), then waits for all of
 * them with `Deferred.all` and adds up their results: `Σ i²` for `i` in `1..count`.
 */
export class FanOutWorkflow extends Workflow {
  static readonly methods = { run: { args: t.tuple([FanOutSize]) } };

  private readonly squares = this.newService(SquareService);

  async run(count: number): Promise<FanOutResult> {
    const tasks = Array.from({ length: count }, (_, i) => this.squares.square(i + 1));
    const results = await Deferred.all(...tasks);
    return { tasks: results.length, sum: results.reduce((sum, value) => sum + value, 0) };
  }
}

/** `Σ i²` for `i` in `1..count`: what a fan-out of `count` must return. */
export const expectedSum = (count: number): number => (count * (count + 1) * (2 * count + 1)) / 6;
