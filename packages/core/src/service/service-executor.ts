import { isLeft } from 'fp-ts/lib/Either';
import { InvalidArgumentsError } from '../errors/invalid-arguments-error';
import { NotRegisteredError } from '../errors/not-registered-error';
import { PayloadTooLargeError } from '../errors/payload-too-large-error';
import { deadLetterFor, misroutedEvent } from '../engine/dead-letter';
import { type ErrorData, toErrorData } from '../model/error-data';
import type { Envelope } from '../model/envelope';
import type { MessageOf } from '../model/messages';
import { invalidTopicField, type Names, taskAttemptFailedId, taskAttemptId, taskOutcomeId } from '../model/names';
import { formatValidationErrors } from '../model/validation-report';
import type { Clock } from '../ports/clock.port';
import type { Logger } from '../ports/logger.port';
import type { Delivery, Transport } from '../ports/transport.port';
import type { MethodCodecs, ServiceDefinition } from '../workflow/service-definition';
import { isRetriable, type RetryPolicy, retryDelayMs } from './retry-policy';
import { serviceMethod, serviceMethodNames } from './service-method';
import { jsonCopy } from '../support/json-copy';
import { runWithTaskContext, type TaskContext } from './task-context';
import type { BatchItem, BatchItemOutcome, ResolvedBatch } from './batch-options';
import { batchItemOutcomes } from './batch-results';
import { type BatchSettled, TaskBatcher } from './task-batcher';
import { AttemptContext } from './attempt-context';
import { AttemptSignal, attemptDeadline, type AttemptTimeouts, NO_ATTEMPT_TIMEOUTS, raceDeadline } from './attempt-timeout';
import { TaskAttemptTimedOutError } from '../errors/task-attempt-timed-out-error';
import { delegatedTaskId } from './delegated-task-id';
import { uuidFrom } from '../support/uuid-from';

export interface ServiceExecutorOptions {
  readonly definition: ServiceDefinition<unknown>;
  readonly implementation: object;
  readonly retry: Required<RetryPolicy>;
  /** Per-method policies, overriding `retry`. */
  readonly methodRetry: Readonly<Record<string, Required<RetryPolicy>>>;
  readonly transport: Transport;
  readonly names: Names;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Largest encoded result message, in bytes. */
  readonly maxPayloadBytes: number;
  /** Publish a `TaskAttemptFailed` to the events topic for each failed attempt. */
  readonly publishEvents: boolean;
  /** How long one attempt may run, per method. @default none */
  readonly timeouts?: AttemptTimeouts;
  /** `argument`: each method gets its task context as its first argument (see `RegisterServiceOptions.context`). */
  readonly context?: 'argument';
  /** Methods whose tasks run in batches, checked by `resolveBatchSection`. @default none */
  readonly batch?: Readonly<Record<string, ResolvedBatch>>;
}

type AttemptOutcome = { ok: true; result: unknown; json: string } | { ok: false; error: ErrorData };
/** What {@link ServiceExecutor.prepare} makes for one attempt. */
interface PreparedAttempt {
  readonly ok: true;
  readonly args: unknown[];
  readonly context: TaskContext;
  readonly deadline: number;
  readonly signal: AttemptSignal;
}

type ExecuteTask = MessageOf<'ExecuteTask'>;

/**
 * Runs the tasks of one service. A success sends `TaskCompleted` to the workflow; a failure that may
 * succeed later republishes the task for the next attempt with `deliverAt` after the backoff; the last
 * failed attempt, or a non-retriable error, sends `TaskFailed`. The incoming message is acknowledged
 * only once that message is published, so a crash runs the attempt again (services are idempotent by
 * `taskId`).
 */
export class ServiceExecutor {
  readonly serviceName: string;
  private readonly log: Logger;

  private readonly batchers = new Map<string, TaskBatcher<BatchItem, BatchItemOutcome<unknown>>>();

  constructor(private readonly o: ServiceExecutorOptions) {
    this.serviceName = o.definition.serviceName;
    this.log = o.logger.child({ component: 'service-executor', service: this.serviceName });
    for (const [method, batch] of Object.entries(o.batch ?? {})) {
      this.batchers.set(method, new TaskBatcher({
        maxMessages: batch.maxMessages, maxMs: batch.maxMs, clock: o.clock,
        run: async (items) => batchItemOutcomes(this.target(method), await batch.handler(items), items.length),
      }));
    }
  }

  /** The worker is stopping: batches waiting to fill run now, and later tasks of batched methods wait no more. */
  stop(): void {
    for (const batcher of this.batchers.values()) batcher.stop();
  }

  readonly handle = async (delivery: Delivery): Promise<void> => {
    const { message } = delivery.envelope;
    if (message.kind !== 'ExecuteTask' || message.service !== this.serviceName) {
      await this.deadLetter(delivery, misroutedEvent(message.kind, delivery.topic, this.o.names) ?? `a ${message.kind} message does not belong on ${delivery.topic}`);
      return;
    }
    const badName = invalidTopicField(message, this.o.names);
    if (badName) return this.deadLetter(delivery, badName.message);
    const at = this.o.clock.now();
    // Past its end-to-end deadline the workflow has given the task up: its own timeout answers, no attempt runs.
    if (pastTaskDeadline(message, at)) return this.log.debug({ taskId: message.taskId, attempt: message.attempt }, 'task past its end-to-end deadline; attempt not made');
    const batched = this.batchers.get(message.method);
    let outcome = batched ? await this.batchedAttempt(message, at, batched, this.o.batch?.[message.method]?.key) : await this.attempt(message, at);
    // A delegated method only started the work: its outcome comes later, from client.completeDelegatedTask.
    if (outcome.ok && this.isDelegated(message.method)) return;
    if (outcome.ok) {
      const completed: Envelope = {
        v: 1, id: taskOutcomeId(message.taskId, message.retry, 'completed'), at, causationId: delivery.envelope.id, message: {
          kind: 'TaskCompleted', workflowName: message.workflowName, workflowId: message.workflowId, seq: message.seq, taskId: message.taskId, result: outcome.result, attempt: message.attempt, retry: message.retry,
        },
      };
      // The transport would refuse it on every redelivery until the dead letter; the workflow is told at once instead.
      const limit = this.o.transport.capabilities.maxMessageBytes;
      const bytes = encodedBytes(completed, outcome.json, limit);
      if (bytes <= limit) {
        await this.publishReply(message, completed);
        return;
      }
      outcome = { ok: false, error: toErrorData(new PayloadTooLargeError(`TaskCompleted of ${this.serviceName}.${message.method}`, bytes, limit)) };
    }
    const policy = this.o.methodRetry[message.method] ?? this.o.retry;
    const delay = isRetriable(policy, outcome.error) ? retryDelayMs(policy, message.attempt + 1) : undefined;
    if (delay !== undefined && pastTaskDeadline(message, at + delay)) {
      this.log.warn({ taskId: message.taskId, attempt: message.attempt, error: outcome.error.message }, `${message.method} failed; no retry, the next attempt would start past the task's end-to-end deadline`);
      await this.publishAttemptFailed(delivery.envelope, outcome.error, at, undefined);
      return;
    }
    if (delay !== undefined) {
      this.log.warn({ taskId: message.taskId, attempt: message.attempt, retryInMs: delay, error: outcome.error.message }, `${message.method} failed; retrying`);
      const next: ExecuteTask = { ...message, attempt: message.attempt + 1, lastError: withoutStack(outcome.error), ...this.runOf(delivery.envelope) };
      await Promise.all([
        this.o.transport.publish(this.o.names.serviceTopic(this.serviceName),
          { v: 1, id: taskAttemptId(message.taskId, message.retry, next.attempt), at, causationId: delivery.envelope.id, message: next },
          { deliverAt: at + delay, handedOver: true }),
        this.publishAttemptFailed(delivery.envelope, outcome.error, at, delay),
      ]);
      return;
    }
    this.log.warn({ taskId: message.taskId, attempt: message.attempt, error: outcome.error.message }, `${message.method} failed for good`);
    const failed = (error: ErrorData): Envelope => ({
      v: 1, id: taskOutcomeId(message.taskId, message.retry, 'failed'), at, causationId: delivery.envelope.id, message: {
        kind: 'TaskFailed', workflowName: message.workflowName, workflowId: message.workflowId, seq: message.seq, taskId: message.taskId, error, attempt: message.attempt, retry: message.retry,
      },
    });
    let envelope = failed(outcome.error);
    // A failure is rare, so it is measured whole; one too large to send goes without its stack and causes.
    if (Buffer.byteLength(JSON.stringify(envelope)) > this.o.transport.capabilities.maxMessageBytes) envelope = failed(trimmed(outcome.error));
    await Promise.all([this.publishReply(message, envelope), this.publishAttemptFailed(delivery.envelope, outcome.error, at, undefined)]);
  };

  /**
   * Tells the events topic that an attempt failed (`retryInMs` before the next one, none when it failed for good).
   * The error goes without its stack and causes, its message cut, so it always fits the transport.
   */
  private async publishAttemptFailed(attempt: Envelope, error: ErrorData, at: number, retryInMs: number | undefined): Promise<void> {
    if (!this.o.publishEvents) return;
    const task = attempt.message as ExecuteTask;
    const { run } = this.runOf(attempt);
    await this.o.transport.publish(this.o.names.eventsTopic(), {
      v: 1, id: taskAttemptFailedId(attempt.id, run), at, causationId: attempt.id, message: {
        kind: 'TaskAttemptFailed', workflowName: task.workflowName, workflowId: task.workflowId, taskId: task.taskId, service: task.service,
        method: task.method, seq: task.seq, attempt: task.attempt, retry: task.retry, error: trimmed(error),
        ...(retryInMs !== undefined ? { retryInMs } : {}), ...(run !== undefined ? { run } : {}),
      },
    }, { key: task.workflowId });
  }

  /**
   * The run a task's attempt events are filed under when events are published: the task message's, else one
   * that stands in for it, made from the task message as its sender published it (its id and time), so a
   * redelivery of that message gives the same ids and another run of the workflow does not. The next attempt
   * carries it on.
   */
  private runOf(attempt: Envelope): { run?: string } {
    if (!this.o.publishEvents) return {};
    const { run } = attempt.message as ExecuteTask;
    return { run: run ?? uuidFrom(`${attempt.id}@${attempt.at}`) };
  }

  private async attempt(task: ExecuteTask, at: number): Promise<AttemptOutcome> {
    const implementation = this.o.implementation;
    const fn = serviceMethod(implementation, task.method);
    const batch = this.o.batch?.[task.method];
    if (!fn && !batch) {
      const known = Object.keys(this.o.definition.methods).concat(serviceMethodNames(implementation));
      return { ok: false, error: toErrorData(new NotRegisteredError('method', `${this.serviceName}.${task.method}`, [...new Set(known)])) };
    }
    const ready = this.prepare(task, at);
    if (!ready.ok) return ready;
    const { args, context } = ready;
    // A batched method with no method of its own runs a task alone as a batch of one.
    const run = fn
      ? () => runWithTaskContext(context, this.o.context === 'argument' ? () => fn.call(implementation, context, ...args) : () => fn.apply(implementation, args))
      : async () => batchOfOne(await batch!.handler([{ args, context }]), this.target(task.method));
    try {
      return this.resultOf(task, await this.againstDeadline(task, at, ready, run));
    } catch (error) {
      return { ok: false, error: toErrorData(error) };
    }
  }

  /**
   * One task of a batched method: it waits in its batch, and gets its own outcome from the batch handler, or
   * fails alone at its own deadline. When the batch failed as a whole, the task runs again alone
   * ({@link attempt}), within the same attempt and deadline.
   */
  private async batchedAttempt(task: ExecuteTask, at: number, batcher: TaskBatcher<BatchItem, BatchItemOutcome<unknown>>, key: ResolvedBatch['key']): Promise<AttemptOutcome> {
    const ready = this.prepare(task, at);
    if (!ready.ok) return ready;
    let settled: BatchSettled<BatchItemOutcome<unknown>>;
    try {
      const batchKey = key ? String(key(...ready.args)) : '';
      settled = await this.againstDeadline(task, at, ready, () => batcher.submit(batchKey, { args: ready.args, context: ready.context }));
    } catch (error) {
      return { ok: false, error: toErrorData(error) };
    }
    if (settled.kind === 'batch-failed') {
      this.log.warn({ taskId: task.taskId, attempt: task.attempt, error: toErrorData(settled.error).message }, `the batch of ${task.method} failed as a whole; running its task alone`);
      return this.attempt(task, at);
    }
    if (!settled.outcome.ok) return { ok: false, error: toErrorData(settled.outcome.error) };
    return this.resultOf(task, settled.outcome.value);
  }

  /** Checks a task's arguments and makes what its attempt gets: copies of its data, its context, its deadline. */
  private prepare(task: ExecuteTask, at: number): { ok: false; error: ErrorData } | PreparedAttempt {
    const codecs = (this.o.definition.methods as Record<string, MethodCodecs | undefined>)[task.method];
    if (codecs?.args) {
      const decoded = codecs.args.decode(task.args);
      if (isLeft(decoded)) return { ok: false, error: toErrorData(new InvalidArgumentsError(`${this.serviceName}.${task.method}`, formatValidationErrors(decoded.left, 'args'))) };
    }
    // The service is user code: it gets copies, so what it changes is never the task's, nor its retry's, nor history's.
    const own = jsonCopy({ args: task.args, tags: task.tags, meta: task.meta, lastError: task.lastError });
    const deadline = attemptDeadline(this.o.timeouts ?? NO_ATTEMPT_TIMEOUTS, task.method, at, task.timeoutAt);
    const signal = new AttemptSignal();
    const context: TaskContext = new AttemptContext(codecs?.delegated === true ? delegatedTaskId(task) : task.taskId, task.attempt, task.service, task.method, task.workflowName,
      task.workflowId, own.tags, own.meta, own.lastError, deadline, signal);
    return { ok: true, args: own.args, context, deadline, signal };
  }

  /** Runs `run`, failing with `TaskAttemptTimedOutError` at the attempt's deadline. */
  private againstDeadline<T>(task: ExecuteTask, at: number, { deadline, signal }: PreparedAttempt, run: () => T | Promise<T>): T | Promise<T> {
    if (deadline === Infinity) return run();
    return raceDeadline(this.o.clock, deadline, signal, run, () => new TaskAttemptTimedOutError(task.service, task.method, task.taskId, task.attempt, deadline - at));
  }

  /** A method's value as a task result: JSON, within `maxPayloadBytes`. */
  private resultOf(task: ExecuteTask, value: unknown): AttemptOutcome {
    try {
      const json = (JSON.stringify(value) as string | undefined) ?? 'null';
      const bytes = json.length > this.o.maxPayloadBytes / 4 ? Buffer.byteLength(json) : json.length; // a UTF-8 char is at most 4 bytes
      if (bytes > this.o.maxPayloadBytes) return { ok: false, error: toErrorData(new PayloadTooLargeError(`result of ${this.serviceName}.${task.method}`, bytes, this.o.maxPayloadBytes)) };
      return { ok: true, result: JSON.parse(json) as unknown, json };
    } catch (error) {
      return { ok: false, error: toErrorData(error) };
    }
  }

  private target(method: string): string {
    return `${this.serviceName}.${method}`;
  }

  private isDelegated(method: string): boolean {
    return (this.o.definition.methods as Record<string, MethodCodecs | undefined>)[method]?.delegated === true;
  }

  private async publishReply(task: ExecuteTask, envelope: Envelope): Promise<void> {
    await this.o.transport.publish(this.o.names.workflowTopic(task.workflowName), envelope, { key: task.workflowId, handedOver: true });
  }

  private async deadLetter(delivery: Delivery, reason: string): Promise<void> {
    this.log.error({ messageId: delivery.envelope.id, topic: delivery.topic }, `dead-lettering: ${reason}`);
    await this.o.transport.publish(this.o.names.deadLetterTopic(), deadLetterFor(delivery, reason, this.o.clock.now(), this.o.transport.capabilities.maxMessageBytes));
  }

}

/** True when an attempt at `at` would start at or past the task's end-to-end deadline. */
const pastTaskDeadline = (task: ExecuteTask, at: number): boolean => task.timeoutAt !== undefined && at >= task.timeoutAt;

/** Keys, numbers and punctuation of a TaskCompleted envelope, in bytes: more than they can take. */
const COMPLETED_SHELL_BYTES = 256;

/**
 * The UTF-8 size of a TaskCompleted `envelope` encoded, where `resultJson` is its result as JSON, or a
 * bound at most `limit` when the exact size cannot reach `limit`. Besides the result the envelope holds
 * only a few ids: each JSON-encoded UTF-16 unit takes at most 6 bytes (`\uXXXX`), the result's at most 3,
 * so a common small result costs no encoding at all; only one near the limit is encoded whole.
 */
const encodedBytes = (envelope: Envelope, resultJson: string, limit: number): number => {
  const m = envelope.message as { workflowName: string; workflowId: string; taskId: string };
  const idUnits = envelope.id.length + (envelope.causationId?.length ?? 0) + m.workflowName.length + m.workflowId.length + m.taskId.length;
  const bound = COMPLETED_SHELL_BYTES + 6 * idUnits + 3 * resultJson.length;
  return bound <= limit ? bound : Buffer.byteLength(JSON.stringify(envelope));
};

/** An error cut to what is needed to fail the task in the workflow: no stack, no cause, a short message. */
const trimmed = ({ name, message, code, retriable, data }: ErrorData): ErrorData => ({
  name, message: message.length > TRIMMED_MESSAGE_CHARS ? `${message.slice(0, TRIMMED_MESSAGE_CHARS)}…` : message,
  ...(code !== undefined ? { code } : {}), ...(retriable !== undefined ? { retriable } : {}), ...(data !== undefined ? { data } : {}),
});
const TRIMMED_MESSAGE_CHARS = 1_000;

const withoutStack = ({ name, message, code }: ErrorData): ErrorData => ({ name, message, ...(code !== undefined ? { code } : {}) });

/** The result of a batch of one task, as the method's own would be: its value, or its failure thrown. */
const batchOfOne = (answer: unknown, target: string): unknown => {
  const [outcome] = batchItemOutcomes(target, answer, 1);
  if (!outcome!.ok) throw outcome!.error;
  return outcome!.value;
};
