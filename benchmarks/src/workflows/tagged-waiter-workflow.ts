import { Workflow } from '@cadenza/core';

/** Waits for one value on its `go` channel and returns it: the target of a tag fan-out. */
export class TaggedWaiterWorkflow extends Workflow {
  async run(): Promise<string> {
    return this.channel<string>('go').receive();
  }
}
