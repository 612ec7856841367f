import { expect } from 'chai';
import { delegatedTaskId, parseDelegatedTaskId } from '../../src/service/delegated-task-id';

describe('service/delegated-task-id', () => {
  it('starts with the ordinary task id and reads back to the same parts', () => {
    const ref = { workflowName: 'Trip', workflowId: 'order-42', seq: 3, method: 'reserve', retry: 0 };
    expect(delegatedTaskId(ref)).to.equal('order-42:3/Trip.reserve/r0');
    expect(parseDelegatedTaskId(delegatedTaskId(ref))).to.deep.equal(ref);
  });

  it('reads back ids and methods holding the separators', () => {
    for (const ref of [
      { workflowName: 'A_b-c', workflowId: 'x:1/Trip.reserve/r0', seq: 12, method: 'a/b.c', retry: 7 },
      { workflowName: 'T', workflowId: 'ü:é/ ', seq: 1, method: '%2F', retry: 123 },
    ]) expect(parseDelegatedTaskId(delegatedTaskId(ref))).to.deep.equal(ref);
  });

  it('reads anything else as no delegated task id', () => {
    for (const id of ['', 'w1:1', 'w1:1/Trip.reserve', 'w1:1/Trip.reserve/r', 'w1:0/Trip.reserve/r0', ':1/Trip.reserve/r0', 'w1:1/1Trip.reserve/r0',
      'w1:1/Trip./r0', 'w1:1/Trip.%E0%A4%A/r0', 'w1:01/Trip.reserve/r0', 'w1:1/Trip.reserve/r01', `${'x'.repeat(3_000)}:1/T.m/r0`, 42, undefined]) {
      expect(parseDelegatedTaskId(id), String(id)).to.equal(undefined);
    }
  });
});
