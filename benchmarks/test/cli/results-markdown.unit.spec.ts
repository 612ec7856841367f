import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { resultsMarkdown } from '../../src/cli/results-markdown';

const machine = { date: '2026-12-01T22:28:00.000Z', cpus: 2, node: 'v20.20.2', gitCommit: '82fac44aaaa', loadAverage: [0.7, 0.3, 0.1] };

describe('resultsMarkdown', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'results-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('lists every result, whatever shape its setup wrote: runs with their load, one run at the top level, no machine', async () => {
    await writeFile(path.join(dir, 'a.json'), JSON.stringify({ setup: 'bank', machine, runs: [{ inFlight: 1, workflowsPerSecond: 4593.2, p50Ms: 0.168, p99Ms: 0.9, failures: 0, machine: { loadAverage: [0.66] } }] }));
    await writeFile(path.join(dir, 'b.json'), JSON.stringify({ setup: 'batching', machine, load: [16], runs: [{ mode: 'batched', inFlight: 1000, workflowsPerSecond: 972, p50Ms: 1000, p99Ms: 1730 }] }));
    await writeFile(path.join(dir, 'c.json'), JSON.stringify({ setup: 'suspended', machine, load: 12, inFlight: 1000, workflowsPerSecond: 1613, p50Ms: 529, p99Ms: 1840 }));
    await writeFile(path.join(dir, 'd.json'), JSON.stringify({ bench: 'task-context', perTaskUs: { argument: 19.5 } }));
    const markdown = await resultsMarkdown(dir);
    expect(markdown).to.include('|  | 1 | 4,593 | 0.168 | 0.9 | 0.66 |');
    expect(markdown).to.include('| batched | 1,000 | 972 | 1000 | 1730 | 16 |');
    expect(markdown).to.include('|  | 1,000 | 1,613 | 529 | 1840 | 12 |');
    expect(markdown).to.include('**task-context** — no machine recorded');
  });
});
