import { Workflow } from '@cadenza/core';

/** Receives `count` numbers on its `inbox` channel, one receive each, and returns their sum: a long life of signals. */
export class SignalsWorkflow extends Workflow {
  async run(count: number): Promise<number> {
    const inbox = this.channel<number>('inbox');
    let total = 0;
    for (let n = 0; n < count; n++) total += await inbox.receive();
    return total;
  }
}
