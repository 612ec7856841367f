import type { Deferred, LossListener } from '../workflow/deferred';
import type { WorkflowInstance } from './workflow-instance';

/** What a `receive()` asks for: a filter on the values, and a limit (then it completes with an array). */
export interface ReceiveOptions {
  readonly filter?: (value: never) => boolean;
  readonly limit?: number;
}

/**
 * A waiting `receive()`'s claim on its channel, told when the receive loses a `Deferred.any` race and when
 * code awaits it again. Data and two methods, where two closures and their scope would cost every suspended
 * workflow about three times the memory.
 */
export class ReceiveClaim implements LossListener {
  constructor(
    private readonly instance: WorkflowInstance,
    private readonly channel: string,
    private readonly seq: number,
    private readonly options: ReceiveOptions,
    private readonly deferred: Deferred<unknown>,
  ) {}

  lost(): void {
    this.instance.release(this.channel, this.seq);
  }

  awaitedAgain(): void {
    this.instance.reclaim(this.channel, this.seq, this.options, this.deferred);
  }
}
