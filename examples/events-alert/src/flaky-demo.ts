import { defineService, type ServiceImplementation, taskContext, Workflow } from '@cadenza/core';
import * as t from 'io-ts';

/** A service whose call fails a set number of times per key before it succeeds. */
export interface FlakyService {
  call(key: string): Promise<string>;
}

export const FlakyService = defineService<FlakyService>('FlakyService', { call: { args: t.tuple([t.string]) } });

/** Calls the flaky service once and returns its answer. */
export class FlakyWorkflow extends Workflow {
  static readonly methods = { run: { args: t.tuple([t.string]) } };

  private readonly flaky = this.newService(FlakyService);

  async run(key: string): Promise<string> {
    return this.flaky.call(key);
  }
}

/** The flaky service: `call(key)` fails its first `failures[key]` attempts (none for other keys). */
export const createFlakyService = (failures: Readonly<Record<string, number>>): ServiceImplementation<FlakyService> => ({
  call: async (key) => {
    const { attempt } = taskContext();
    if (attempt <= (failures[key] ?? 0)) throw new Error(`${key}: attempt ${attempt} failed`);
    return `${key}: done at attempt ${attempt}`;
  },
});
