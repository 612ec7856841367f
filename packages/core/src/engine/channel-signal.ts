import { isLeft } from 'fp-ts/lib/Either';
import { ChannelFullError } from '../errors/channel-full-error';
import { InvalidArgumentsError } from '../errors/invalid-arguments-error';
import type { HistoryEventOf } from '../model/history-events';
import type { MessageOf } from '../model/messages';
import { formatValidationErrors } from '../model/validation-report';
import { DEFAULT_MAX_BUFFERED_SIGNALS } from '../worker/worker-options';
import type { WorkflowInstance } from './workflow-instance';

/**
 * What a `SendSignal` leads to for a live instance: the `SignalReceived` to record (with the `seq` of the
 * filtered receive it goes to, when one takes it), or the error it is refused with, nothing recorded: a value
 * its channel's codec refuses ({@link InvalidArgumentsError} with the io-ts report), or a signal that would be
 * buffered in a channel already holding `maxBufferedSignals` ({@link ChannelFullError}).
 */
export const signalFor = (instance: WorkflowInstance, message: MessageOf<'SendSignal'>): { event: HistoryEventOf<'SignalReceived'> } | { refused: Error } => {
  const { channel, value } = message;
  const codec = instance.channelCodec(channel);
  if (codec) {
    const decoded = codec.decode(value);
    if (isLeft(decoded)) return { refused: new InvalidArgumentsError(`${instance.workflowName} channel ${channel}`, formatValidationErrors(decoded.left, 'value')) };
  }
  const seq = instance.routeSignal(channel, value);
  const event: HistoryEventOf<'SignalReceived'> = { type: 'SignalReceived', channel, value, ...(seq !== undefined ? { seq } : {}) };
  const signals = instance.state.signals;
  if (seq === undefined && !signals.targetOf(event)) {
    const limit = instance.maxBufferedSignals ?? DEFAULT_MAX_BUFFERED_SIGNALS;
    if (signals.bufferedOf(channel).length >= limit) return { refused: new ChannelFullError(instance.workflowName, message.workflowId, channel, limit) };
  }
  return { event };
};
