import { Workflow } from '@cadenza/core';

/** Sleeps on a durable timer, then ends: the suspended-timers benchmark's workflow. */
export class TimerWorkflow extends Workflow {
  async run(holdMs: number): Promise<string> {
    await this.timer(holdMs);
    return 'woke';
  }
}
