import { defineService, Workflow } from '@cadenza/core';

/** A store behind one connection: what a batch handler pays one round trip for, instead of one per task. */
export interface BatchStore {
  save(n: number): Promise<number>;
}
export const BatchStore = defineService<BatchStore>('BatchStore');

/** One task per workflow, so that a workflow's time is its task's: the batching benchmark's unit of work. */
export class BatchedWorkflow extends Workflow {
  private readonly store = this.newService(BatchStore);

  async run(n: number): Promise<number> {
    return this.store.save(n);
  }
}
