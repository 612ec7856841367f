import { DeadLetteredError } from '../errors/dead-lettered-error';
import { decodeEnvelope, type Envelope } from '../model/envelope';
import { toErrorData } from '../model/error-data';
import type { MessageOf } from '../model/messages';
import type { Names } from '../model/names';
import type { Clock } from '../ports/clock.port';
import type { Logger } from '../ports/logger.port';
import type { Delivery, Transport } from '../ports/transport.port';

export interface DeadLetterRouterOptions {
  readonly transport: Transport;
  readonly names: Names;
  readonly clock: Clock;
  readonly logger: Logger;
}

type DeadLetter = MessageOf<'DeadLetter'>;
/** The original a dead letter stands for: its envelope, or what a truncated letter's `origin` kept of it. */
type Original = Pick<Envelope, 'id'> & { readonly message: Partial<Record<'workflowName' | 'workflowId' | 'taskId', string>>
  & Partial<Record<'seq' | 'attempt' | 'retry', number>> & { readonly kind: string } };

/** The prefix of the envelope ids the router writes: deterministic, so a redelivered dead letter is a duplicate. */
const ROUTED_PREFIX = 'dead-lettered:';

/**
 * Turns dead letters that a workflow waits on into failures of that workflow. A dead-lettered
 * `ExecuteTask`, or a `TaskCompleted`/`TaskFailed` on its way to the workflow, would leave the step open
 * for ever; the router sends the workflow a `TaskFailed` for that step whose cause is a
 * {@link DeadLetteredError}, so the workflow fails there (and can be `retry`d once the cause is fixed).
 * A dead letter cut to fit the transport (`truncated`) is routed by its `origin`. Any other dead letter (bytes
 * that are not an envelope, other kinds) is logged once and left on the topic.
 */
export class DeadLetterRouter {
  private readonly log: Logger;

  constructor(private readonly o: DeadLetterRouterOptions) {
    this.log = o.logger.child({ component: 'dead-letter-router' });
  }

  /** The transport's handler for `<ns>.dead-letter`; rejects only when the `TaskFailed` cannot be published. */
  readonly handle = async (delivery: Delivery): Promise<void> => {
    const letter = delivery.envelope.message;
    if (letter.kind !== 'DeadLetter') {
      this.log.warn({ messageId: delivery.envelope.id, kind: letter.kind }, 'a message on the dead-letter topic that is not a dead letter; left alone');
      return;
    }
    const original = this.decode(letter);
    const failed = original && this.failureFor(original, letter);
    if (!original || !failed) {
      this.log.warn({ messageId: delivery.envelope.id, originalTopic: letter.originalTopic, kind: original?.message.kind, reason: letter.reason },
        'dead letter no workflow waits on; left alone');
      return;
    }
    this.log.warn({ workflowId: failed.workflowId, seq: failed.seq, taskId: failed.taskId, originalTopic: letter.originalTopic },
      'a message of a task went to the dead letter; failing the task in its workflow');
    await this.o.transport.publish(this.o.names.workflowTopic(failed.workflowName), {
      v: 1, id: `${ROUTED_PREFIX}${original.id}`, at: this.o.clock.now(), causationId: delivery.envelope.id, message: failed,
    }, { key: failed.workflowId });
  };

  private decode(letter: DeadLetter): Original | undefined {
    if (letter.truncated === true) return letter.origin && { id: letter.origin.id, message: letter.origin };
    try {
      return decodeEnvelope(Buffer.from(letter.raw, 'base64'), letter.originalTopic);
    } catch {
      return undefined; // bytes that were never an envelope: nothing to route
    }
  }

  /** The `TaskFailed` that closes the step the original message belongs to, if it belongs to one. */
  private failureFor(original: Original, letter: DeadLetter): MessageOf<'TaskFailed'> | undefined {
    const message = original.message;
    // A failure this router sent that was itself dead-lettered: sending another would only loop.
    if (original.id.startsWith(ROUTED_PREFIX)) return undefined;
    if (message.kind !== 'ExecuteTask' && message.kind !== 'TaskCompleted' && message.kind !== 'TaskFailed') return undefined;
    const { workflowName, workflowId, seq, taskId, attempt } = message;
    if (workflowName === undefined || workflowId === undefined || seq === undefined || taskId === undefined || attempt === undefined) return undefined;
    const error = toErrorData(new DeadLetteredError(letter.originalTopic, letter.reason, letter.deliveries));
    return {
      kind: 'TaskFailed', workflowName, workflowId, seq, taskId, attempt, error, ...(message.retry !== undefined ? { retry: message.retry } : {}),
    };
  }
}
