import { expect } from 'chai';
import { createClient, TimeoutError, Workflow } from '../../src';
import { recordingTransport, silentLogger, steppedClock } from '../support/fakes';

class Quiet extends Workflow {
  async run(): Promise<void> {
    await this.timer(1_000);
  }
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('client: replies that never come', () => {
  it('rejects cancel, retry and send with TimeoutError after replyTimeoutMs, and frees their timers', async () => {
    const { clock, advance, pending } = steppedClock();
    const client = createClient({ transport: recordingTransport(), clock, logger: silentLogger, replyTimeoutMs: 5_000 });
    const handle = client.getById(Quiet, 'w1');
    const calls = [handle.cancel(), handle.retry(), handle.send('go', 1)];
    const settled = calls.map((call) => call.then(() => 'resolved', (error: unknown) => error));
    await flush();
    advance(4_999);
    await flush();
    expect(pending()).to.equal(3);
    advance(1);
    for (const outcome of await Promise.all(settled)) expect(outcome).to.be.instanceOf(TimeoutError);
    expect(pending()).to.equal(0);
    await client.close();
  });

  it('leaves the result of a workflow unbounded: it may rightly take days', async () => {
    const { clock, advance, pending } = steppedClock();
    const client = createClient({ transport: recordingTransport(), clock, logger: silentLogger, replyTimeoutMs: 5_000 });
    let settled = false;
    void client.getById(Quiet, 'w1').result().then(() => (settled = true), () => (settled = true));
    await flush();
    advance(86_400_000);
    await flush();
    expect(settled).to.equal(false);
    expect(pending()).to.equal(0);
    await client.close();
  });
});
