import { expect } from 'chai';
import { summaryTable } from '../../src/cli/summary-table';

describe('summary table', () => {
  it('aligns columns and lists skipped and failed setups with their reason', () => {
    const table = summaryTable(
      [{ setup: 'a.b.c', measure: '1 in flight', value: '10 wf/s', target: 'p50 ≤ 0.5 ms ✓' }, { setup: 'a.b.c', measure: 'memory', value: '7 B' }],
      [{ setup: 'x.kafka.y', status: 'skipped', reason: 'Kafka not reachable' }],
    );
    const lines = table.split('\n');
    expect(lines[0]).to.match(/^setup\s+measure\s+value\s+target$/);
    expect(lines[2]).to.match(/^a\.b\.c\s+1 in flight\s+10 wf\/s\s+p50 ≤ 0\.5 ms ✓$/);
    expect(lines[4]).to.match(/^x\.kafka\.y\s+SKIPPED\s+Kafka not reachable$/);
    expect(lines[2]!.indexOf('10 wf/s')).to.equal(lines[3]!.indexOf('7 B'));
  });
});
