import { defineService } from '@cadenza/core';

/** The tiny task of the long workflow: it does nothing but answer, so a step costs only Cadenza's work. */
export interface StepService {
  step(n: number): Promise<number>;
}

/** No codecs: the benchmark calls it with numbers only. */
export const StepService = defineService<StepService>('StepService');
