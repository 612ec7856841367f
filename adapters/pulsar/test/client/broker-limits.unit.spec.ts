import { hasErrorCode } from '@cadenza/core';
import { expect } from 'chai';
import { brokerMessageSizeError } from '../../src/client/broker-limits';
import { FRAME_HEADROOM_BYTES } from '../../src/client/framing/frame';

describe('brokerMessageSizeError', () => {
  const url = 'pulsar://127.0.0.1:6650';

  it('refuses a maxMessageBytes that, with the frame headroom, is over the broker\'s max_message_size, naming both', () => {
    const error = brokerMessageSizeError(1_000_000, 1_000_000, url);
    expect(hasErrorCode(error, 'CONFIG'), String(error)).to.equal(true);
    expect(error!.message).to.equal(`invalid config at transport.maxMessageBytes: expected at most ${1_000_000 - FRAME_HEADROOM_BYTES} `
      + `(the broker at ${url} has a max_message_size of 1000000, less ${FRAME_HEADROOM_BYTES} for the frame's command and metadata), got 1000000`);
  });

  it('takes a maxMessageBytes exactly at the broker\'s limit less the headroom, and any broker limit above it', () => {
    expect(brokerMessageSizeError(1_000_000 - FRAME_HEADROOM_BYTES, 1_000_000, url)).to.equal(undefined);
    expect(brokerMessageSizeError(1_000_000 - FRAME_HEADROOM_BYTES + 1, 1_000_000, url)?.path).to.equal('transport.maxMessageBytes');
    expect(brokerMessageSizeError(5 * 1024 * 1024 - FRAME_HEADROOM_BYTES, 100 * 1024 * 1024, url)).to.equal(undefined);
  });
});
