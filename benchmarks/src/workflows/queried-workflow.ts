import { Workflow } from '@cadenza/core';
import { StepService } from './step-service';

/**
 * Runs `steps` tiny tasks, counting them, then waits on the `stop` channel: a live instance with a short
 * history, whose `count` the query benchmark reads (a query replays that history on a cache miss).
 */
export class QueriedWorkflow extends Workflow {
  static readonly queries = ['count'];
  private readonly steps = this.newService(StepService);
  count = 0;

  async run(steps: number): Promise<number> {
    for (let n = 1; n <= steps; n++) this.count += await this.steps.step(n);
    await this.channel<number>('stop').receive();
    return this.count;
  }
}
