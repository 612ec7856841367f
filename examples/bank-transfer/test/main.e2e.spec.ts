import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const main = join(__dirname, '../src/main.js');
const run = (...args: string[]) => spawnSync(process.execPath, [main, ...args], { encoding: 'utf8', timeout: 120_000 });

describe('the bank-transfer example (npm start)', function () {
  this.timeout(180_000);

  it('prints the first transfer’s timeline and balances with money conserved', () => {
    const result = run('--transfers', '200');
    expect(result.status, result.stderr).to.equal(0);
    const out = result.stdout;
    for (const line of ['WorkflowStarted', 'TaskScheduled BankService.withdraw (step 1)', 'TaskScheduled BankService.deposit (step 2)',
      'TaskScheduled EmailService.send (step 3)', 'WorkflowCompleted', 'history cleared']) {
      expect(out).to.contain(line);
    }
    expect(out).to.match(/199 more transfers in/);
    expect(out).to.contain('emails sent: 200');
    expect(out).to.match(/total\s+4000\s+\(before: 4000\) — money conserved ✓/);
  });

  for (const transport of ['kafka', 'pulsar']) {
    it(`runs on ${transport} with PostgreSQL histories (brokers from infra/up.sh)`, () => {
      const result = run('--transport', transport, '--history', 'postgres', '--transfers', '50');
      expect(result.status, result.stderr).to.equal(0);
      expect(result.stdout).to.contain(`transport: ${transport}, history: postgres`);
      expect(result.stdout).to.contain('history cleared');
      expect(result.stdout).to.match(/total\s+4000\s+\(before: 4000\) — money conserved ✓/);
    });
  }

  it('refuses a bad flag with a clear message and a failing exit code', () => {
    const result = run('--transport', 'carrier-pigeon');
    expect(result.status).to.equal(1);
    expect(result.stderr).to.contain('--transport carrier-pigeon: expected in-memory, kafka or pulsar');
  });
});
