import { InvalidArgumentsError } from '../errors/invalid-arguments-error';
import { jsonCopy } from '../support/json-copy';

const ignore = (): void => undefined;

/**
 * @internal Told when a {@link Deferred} loses a race while ongoing (`lost`), and when code awaits it again
 * after that (`awaitedAgain`, optional). An object with methods, not two closures: a waiting receive holds one.
 */
export interface LossListener {
  lost(): void;
  awaitedAgain?(): void;
}

/** Where a {@link Deferred} stands. */
export type DeferredStatus = 'ongoing' | 'completed' | 'failed';

/**
 * The result of a step of a workflow (a task, a timer, a child workflow, a received signal). `await` it to
 * run in sequence, keep it to run in parallel; combine with {@link Deferred.all} and {@link Deferred.any}.
 * A Deferred that fails while nobody awaits it does not crash the process: the failure waits for its reader.
 */
export class Deferred<T> implements PromiseLike<T> {
  private state: DeferredStatus = 'ongoing';
  /** @internal What `then` derives from; a host may make it of a kind that watches what is derived. */
  protected readonly promise: Promise<T>;
  private resolveFn!: (value: T) => void;
  private rejectFn!: (reason: unknown) => void;
  private loss?: LossListener;
  /** Lost a race while ongoing, and not awaited since. */
  private lost = false;

  constructor() {
    this.promise = this.newPromise<T>((resolve, reject) => {
      this.resolveFn = resolve;
      this.rejectFn = reject;
    });
  }

  /** @internal Makes the promise behind the deferred (called while constructing: no fields of a subclass yet). */
  protected newPromise<U>(executor: (resolve: (value: U) => void, reject: (reason: unknown) => void) => void): Promise<U> {
    return new Promise<U>(executor);
  }

  /** `ongoing` until the engine delivers the outcome. */
  status(): DeferredStatus {
    return this.state;
  }

  then<R1 = T, R2 = never>(onfulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null, onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null): Promise<R1 | R2> {
    if (this.lost) this.awaitedAgain();
    return this.promise.then(onfulfilled, onrejected);
  }

  /**
   * @internal Settles the deferred with a value; only the engine calls this. The code gets a copy (by
   * JSON rules, which is what the value is): the value completed with is the history's, and code that
   * changes what it awaited must not change what a replay will feed it.
   */
  complete(value: T): void {
    this.settleWith(jsonCopy(value));
  }

  /** Completes with a value that is already the code's own (what the combinators collect). */
  private settleWith(value: T): void {
    if (this.state !== 'ongoing') return;
    this.state = 'completed';
    this.resolveFn(value);
  }

  /**
   * @internal A new, ongoing deferred of the same kind, for what the combinators return: the engine's
   * deferreds watch the promises code derives from them, and so must what `all` and `any` make of them.
   */
  protected derive<U>(): Deferred<U> {
    return new Deferred<U>();
  }

  /** The deferred a combinator returns: of the kind of its inputs, a plain one when given none. */
  private static combining<U>(deferreds: readonly Deferred<unknown>[]): Deferred<U> {
    return deferreds[0]?.derive<U>() ?? new Deferred<U>();
  }

  /**
   * @internal Who to tell when this deferred loses a {@link Deferred.any} race while still ongoing (the
   * engine gives a losing `receive()` its claim on the channel back, so the next signal goes to the next
   * one), and, optionally, when code awaits it again after that (the receive claims anew, behind the others).
   */
  whenLost(listener: LossListener): void {
    this.loss = listener;
  }

  /** Nobody waits for this one any more (it lost a race): it lets go of what it waits for, once. */
  private lose(): void {
    const listener = this.loss;
    if (this.state !== 'ongoing' || this.lost || !listener) return;
    // Kept only when it can be awaited again; otherwise it has let go for good.
    if (listener.awaitedAgain) this.lost = true;
    else this.loss = undefined;
    listener.lost();
  }

  /** Code awaits a deferred that lost a race: it waits again, as a step of its own from here on. */
  private awaitedAgain(): void {
    this.lost = false;
    const listener = this.loss;
    this.loss = undefined;
    if (this.state === 'ongoing') listener?.awaitedAgain?.();
  }

  /** A combinator's result that loses lets its own inputs go as well. */
  private loseWith(deferreds: readonly Deferred<unknown>[]): void {
    this.whenLost({ lost: () => deferreds.forEach((deferred) => deferred.lose()) });
  }

  /** @internal Settles the deferred with an error; only the engine calls this. */
  fail(error: unknown): void {
    if (this.state !== 'ongoing') return;
    this.state = 'failed';
    // Handled as it rejects, so a failure nobody awaits is no unhandled rejection. Attached here, not at
    // construction: a handler held by every waiting step is memory for every suspended workflow. Through the
    // native `then`, so a host's promise does not count it as the code handling the failure.
    void Promise.prototype.then.call(this.promise, undefined, ignore);
    this.rejectFn(error);
  }

  /** Completes when every one completes (with their values in order); fails as soon as one fails. */
  static all<D extends readonly Deferred<unknown>[]>(...deferreds: D): Deferred<{ -readonly [K in keyof D]: D[K] extends Deferred<infer V> ? V : never }> {
    const combined = Deferred.combining<{ -readonly [K in keyof D]: D[K] extends Deferred<infer V> ? V : never }>(deferreds);
    const values: unknown[] = new Array(deferreds.length);
    let left = deferreds.length;
    if (left === 0) combined.settleWith([] as never);
    combined.loseWith(deferreds);
    deferreds.forEach((deferred, index) =>
      deferred.then(
        (value) => {
          values[index] = value;
          if (--left === 0) combined.settleWith(values as never);
        },
        (error) => combined.fail(error),
      ),
    );
    return combined;
  }

  /**
   * Completes with the first one to complete; fails only when all fail (with the last failure). Given none,
   * it fails at once with {@link InvalidArgumentsError}: nothing could ever complete it (as `Promise.any([])`
   * rejects at once), and a workflow waiting on it would hang forever.
   *
   * The ones still ongoing when it completes have lost: a losing `receive()` gives up its place on the
   * channel, so the next signal goes to the next `receive()` instead of to the loser; a loser that code awaits
   * again (a `Deferred.any(receive, timer)` in a loop) claims the channel anew, behind the receives already
   * waiting. Which one lost, and when it is awaited again, follow from the recorded outcomes and the code
   * alone, so a replay decides the same.
   */
  static any<T>(...deferreds: readonly Deferred<T>[]): Deferred<T> {
    const inputs = deferreds as readonly Deferred<unknown>[];
    const combined = Deferred.combining<T>(inputs);
    let left = deferreds.length;
    if (left === 0) combined.fail(new InvalidArgumentsError('Deferred.any', ['at least one Deferred is needed, got none']));
    combined.loseWith(inputs);
    deferreds.forEach((winner) =>
      winner.then(
        (value) => {
          if (combined.state !== 'ongoing') return;
          combined.settleWith(value);
          for (const other of inputs) if (other !== winner) other.lose();
        },
        (error) => {
          if (--left === 0) combined.fail(error);
        },
      ),
    );
    return combined;
  }
}
