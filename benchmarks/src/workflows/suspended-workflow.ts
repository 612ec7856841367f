import { Workflow } from '@cadenza/core';

/** Waits on a channel nobody sends to: a workflow suspended for good, for the memory figure. */
export class SuspendedWorkflow extends Workflow {
  async run(): Promise<void> {
    await this.channel<void>('never').receive();
  }
}
