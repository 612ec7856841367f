/** The broker's message-size limit, as told in CONNECTED, against the largest message this client means to send. */
import { ConfigError } from '@cadenza/core';
import { FRAME_HEADROOM_BYTES } from './framing/frame';

/** The config field a too-large `maxMessageBytes` is reported under. */
export const MAX_MESSAGE_BYTES_FIELD = 'transport.maxMessageBytes';

/**
 * A ConfigError when `maxMessageBytes` plus the frame's headroom (command and metadata, `FRAME_HEADROOM_BYTES`)
 * is more than the broker's `max_message_size`: such a message would pass the transport's own check and then be
 * refused by the broker, redelivered until the dead letter, and its dead letter refused the same way. A broker
 * limit at or above it gives `undefined`.
 */
export const brokerMessageSizeError = (maxMessageBytes: number, brokerMaxMessageSize: number, brokerUrl: string): ConfigError | undefined => {
  const most = brokerMaxMessageSize - FRAME_HEADROOM_BYTES;
  if (maxMessageBytes <= most) return undefined;
  return new ConfigError(MAX_MESSAGE_BYTES_FIELD,
    `at most ${most} (the broker at ${brokerUrl} has a max_message_size of ${brokerMaxMessageSize}, less ${FRAME_HEADROOM_BYTES} for the frame's command and metadata)`,
    maxMessageBytes);
};
