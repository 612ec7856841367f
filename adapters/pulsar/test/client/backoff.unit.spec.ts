import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

describe('client backoff', () => {
  it('keeps the process alive while it waits to reconnect: a worker whose only work is a reconnect does not exit', () => {
    // A process with nothing else to do: it must wake, not end with status 0 in the middle of the wait.
    const backoff = resolve(__dirname, '../../src/client/backoff.js');
    const out = execFileSync(process.execPath, ['-e', `require(${JSON.stringify(backoff)}).sleep(50).then(() => console.log('woke'))`], { encoding: 'utf8', timeout: 10_000 });
    expect(out.trim()).to.equal('woke');
  });
});
