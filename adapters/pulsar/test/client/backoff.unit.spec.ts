import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { backoffDelay } from '../../src/client/backoff';

describe('client backoff', () => {
  it('keeps the process alive while it waits to reconnect: a worker whose only work is a reconnect does not exit', () => {
    // A process with nothing else to do: it must wake, not end with status 0 in the middle of the wait.
    const backoff = resolve(__dirname, '../../src/client/backoff.js');
    const out = execFileSync(process.execPath, ['-e', `require(${JSON.stringify(backoff)}).sleep(50).then(() => console.log('woke'))`], { encoding: 'utf8', timeout: 10_000 });
    expect(out.trim()).to.equal('woke');
  });

  it('grows from 50-100 ms and never waits more than a second, so a restarted broker is found soon after it is back', () => {
    for (let i = 0; i < 200; i++) expect(backoffDelay(0)).to.be.within(50, 100);
    for (const attempt of [4, 10, 30, 1_000]) {
      for (let i = 0; i < 200; i++) expect(backoffDelay(attempt)).to.be.within(500, 1_000);
    }
  });
});
