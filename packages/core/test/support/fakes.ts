import type { Envelope } from '../../src/model/envelope';
import type { Clock } from '../../src/ports/clock.port';
import type { Logger } from '../../src/ports/logger.port';
import type { PublishOptions, Transport } from '../../src/ports/transport.port';

export interface Published {
  readonly topic: string;
  readonly envelope: Envelope;
  readonly options?: PublishOptions;
}

/** A transport that only records what is published; nothing is delivered. */
export const recordingTransport = (): Transport & { published: Published[] } => {
  const published: Published[] = [];
  return {
    published,
    capabilities: { delayedDelivery: true, durable: false, maxMessageBytes: 1_000_000, delayPrecisionMs: 0 },
    publish: async (topic, envelope, options) => {
      published.push({ topic, envelope, ...(options !== undefined ? { options } : {}) });
    },
    subscribe: async () => ({ close: async () => undefined, stopped: new Promise(() => undefined) }),
    close: async () => undefined,
  };
};

/** A clock that stands still at `now`. */
export const fixedClock = (now: number): Clock => ({ now: () => now, setTimer: () => () => undefined });

/** A logger that keeps nothing. */
export const silentLogger: Logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined, child: () => silentLogger };

/** A clock whose timers fire only when the test moves it. */
export const steppedClock = (start = 0) => {
  let now = start;
  const timers: Array<{ at: number; fire: () => void }> = [];
  const clock: Clock = {
    now: () => now,
    setTimer: (at, fire) => {
      const timer = { at, fire };
      timers.push(timer);
      return () => void timers.splice(timers.indexOf(timer), 1);
    },
  };
  const advance = (ms: number) => {
    now += ms;
    for (const timer of timers.filter((t) => t.at <= now)) {
      timers.splice(timers.indexOf(timer), 1);
      timer.fire();
    }
  };
  return { clock, advance, pending: () => timers.length };
};
