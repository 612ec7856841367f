import { expect } from 'chai';
import { judge } from '../run-tests.mjs';
import { packageOrder } from '../workspaces.mjs';

const summary = (passing, failing = 0, pending = 0) =>
  `  ${passing} passing (1s)\n${pending ? `  ${pending} pending\n` : ''}${failing ? `  ${failing} failing\n` : ''}`;

describe('the test runner judges a package run', () => {
  it('counts a clean run by its mocha summary', () => {
    expect(judge({ code: 0, output: summary(12, 0, 2), timedOut: false })).to.deep.equal({ passed: 12, failed: 0, skipped: 2, status: 'passed' });
  });
  it('keeps the failing count of a red run', () => {
    expect(judge({ code: 1, output: summary(10, 3), timedOut: false })).to.include({ passed: 10, failed: 3, status: 'failed' });
  });
  it('sums several mocha summaries of one package', () => {
    expect(judge({ code: 0, output: summary(4) + summary(5, 0, 1), timedOut: false })).to.include({ passed: 9, skipped: 1 });
  });
  it('counts a package that exited non-zero before any summary as one failure that did not run', () => {
    expect(judge({ code: 2, output: 'Error: Cannot find module', timedOut: false })).to.include({ passed: 0, failed: 1, status: 'did not run' });
  });
  it('counts a crash after its summary (no failing test) as one failure', () => {
    expect(judge({ code: 134, output: summary(7), timedOut: false })).to.include({ passed: 7, failed: 1, status: 'crashed' });
  });
  it('counts a package that ran no tests as a failure', () => {
    expect(judge({ code: 0, output: 'nothing here', timedOut: false })).to.include({ failed: 1, status: 'ran no tests' });
  });
  it('counts a package killed for hanging as a failure, keeping what it passed', () => {
    expect(judge({ code: 137, output: summary(3), timedOut: true })).to.include({ passed: 3, failed: 1, status: 'timed out' });
  });
});

describe('the workspace order', () => {
  const pkg = (name, deps = {}, devDeps = {}) => ({ name, dependencies: deps, devDependencies: devDeps });
  it('puts dependencies first, through dependencies and devDependencies', () => {
    const { order, cycle } = packageOrder([pkg('a', { b: '1' }), pkg('b', {}, { c: '1' }), pkg('c'), pkg('outside', { lodash: '1' })]);
    expect(order.map((p) => p.name)).to.deep.equal(['c', 'b', 'a', 'outside']);
    expect(cycle).to.equal(undefined);
  });
  it('names a cycle between workspaces', () => {
    const { cycle } = packageOrder([pkg('conformance', { example: '1' }), pkg('example', { memory: '1' }), pkg('memory', {}, { conformance: '1' })]);
    expect(cycle).to.deep.equal(['conformance', 'example', 'memory', 'conformance']);
  });
});
