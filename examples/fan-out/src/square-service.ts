import { defineService, type ServiceImplementation } from '@cadenza/core';
import * as t from 'io-ts';

/** One small task per item of the fan-out. */
export interface SquareService {
  square(n: number): Promise<number>;
}

export const SquareService = defineService<SquareService>('SquareService', {
  square: { args: t.tuple([t.number]) },
});

/** Squares its argument; `calls` counts the attempts it ran. */
export const createSquareService = (calls = { count: 0 }): ServiceImplementation<SquareService> => ({
  square: async (n) => {
    calls.count++;
    return n * n;
  },
});
