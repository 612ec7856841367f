import { Workflow } from '@cadenza/core';
import { StepService } from './step-service';

/**
 * Runs `steps` tasks one after the other, then waits on the `resume` channel and runs one more task. The
 * wait is where the benchmark empties the cache, so the next step has to replay the whole history.
 */
export class LongWorkflow extends Workflow {
  private readonly steps = this.newService(StepService);

  async run(steps: number): Promise<number> {
    let total = 0;
    for (let n = 1; n <= steps; n++) total += await this.steps.step(n);
    await this.channel<number>('resume').receive();
    total += await this.steps.step(steps + 1);
    return total;
  }
}
