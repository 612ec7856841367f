import { expect } from 'chai';
import { type CommandEvent, describeCommand, isCommandEvent, sameCommand, stableStringify } from '../../src/engine/commands';
import type { HistoryEvent } from '../../src/model/history-events';

const task = (args: unknown[], extra: Partial<Extract<CommandEvent, { type: 'TaskScheduled' }>> = {}): CommandEvent =>
  ({ type: 'TaskScheduled', seq: 1, service: 'BankService', method: 'deposit', args, ...extra });
const child = (args: unknown[], extra: Partial<Extract<CommandEvent, { type: 'ChildWorkflowStarted' }>> = {}): CommandEvent =>
  ({ type: 'ChildWorkflowStarted', seq: 2, workflowName: 'Payout', workflowId: 'w1.2', method: 'run', args, tags: [], meta: {}, ...extra });

describe('engine/commands', () => {
  describe('sameCommand', () => {
    it('ignores the key order of objects in args, at any depth', () => {
      expect(sameCommand(task([{ a: 1, b: { c: 2, d: 3 } }]), task([{ b: { d: 3, c: 2 }, a: 1 }]))).to.equal(true);
      expect(sameCommand(child([{ x: 1, y: 2 }]), child([{ y: 2, x: 1 }]))).to.equal(true);
    });

    it('sees a different value, element order, method, service or step', () => {
      expect(sameCommand(task(['w1', 'bob', 100]), task(['w1', 'bob', 101]))).to.equal(false);
      expect(sameCommand(task([[1, 2]]), task([[2, 1]]))).to.equal(false);
      expect(sameCommand(task([]), task([], { method: 'withdraw' }))).to.equal(false);
      expect(sameCommand(task([]), task([], { service: 'Other' }))).to.equal(false);
      expect(sameCommand(task([]), task([], { seq: 2 }))).to.equal(false);
      expect(sameCommand(task([{ a: 1 }]), task([{ a: 1, b: null }]))).to.equal(false);
    });

    it("ignores a timer's fireAt but not its step", () => {
      expect(sameCommand({ type: 'TimerStarted', seq: 3, fireAt: 1_000 }, { type: 'TimerStarted', seq: 3, fireAt: 99_000 })).to.equal(true);
      expect(sameCommand({ type: 'TimerStarted', seq: 3, fireAt: 1_000 }, { type: 'TimerStarted', seq: 4, fireAt: 1_000 })).to.equal(false);
    });

    it('compares a receive by channel and a child by name, id and method', () => {
      expect(sameCommand({ type: 'ReceiveStarted', seq: 1, channel: 'a' }, { type: 'ReceiveStarted', seq: 1, channel: 'a' })).to.equal(true);
      expect(sameCommand({ type: 'ReceiveStarted', seq: 1, channel: 'a' }, { type: 'ReceiveStarted', seq: 1, channel: 'b' })).to.equal(false);
      expect(sameCommand(child([]), child([], { workflowId: 'other' }))).to.equal(false);
      expect(sameCommand(child([]), child([], { workflowName: 'Other' }))).to.equal(false);
      expect(sameCommand(child([]), child([], { method: 'other' }))).to.equal(false);
    });

    it('never matches commands of different types at the same step', () => {
      expect(sameCommand({ type: 'TimerStarted', seq: 1, fireAt: 0 }, { type: 'ReceiveStarted', seq: 1, channel: 'a' })).to.equal(false);
      expect(sameCommand(task([]), { type: 'TimerStarted', seq: 1, fireAt: 0 })).to.equal(false);
    });
  });

  describe('describeCommand', () => {
    it('renders each kind of command readably', () => {
      expect(describeCommand(task(['w1', 'bob', 100]))).to.equal('task BankService.deposit("w1","bob",100)');
      expect(describeCommand(task([{ to: 'bob' }, null, [1]]))).to.equal('task BankService.deposit({"to":"bob"},null,[1])');
      expect(describeCommand({ type: 'TimerStarted', seq: 1, fireAt: 5 })).to.equal('a timer');
      expect(describeCommand(child(['x', 2]))).to.equal('child workflow Payout.run("x",2)');
      expect(describeCommand({ type: 'ReceiveStarted', seq: 1, channel: 'approvals' })).to.equal('a receive on channel approvals');
    });
  });

  describe('stableStringify', () => {
    it('sorts object keys at every depth and keeps array order', () => {
      expect(stableStringify({ b: 1, a: [{ d: 1, c: 2 }, 3] })).to.equal('{"a":[{"c":2,"d":1},3],"b":1}');
      expect(stableStringify(undefined)).to.equal('undefined');
      expect(stableStringify(null)).to.equal('null');
    });
  });

  describe('isCommandEvent', () => {
    it('is true for the four command events only', () => {
      const events: HistoryEvent[] = [
        task([]), { type: 'TimerStarted', seq: 1, fireAt: 0 }, child([]), { type: 'ReceiveStarted', seq: 1, channel: 'c' },
        { type: 'TaskCompleted', seq: 1, result: 1 }, { type: 'TimerFired', seq: 1 }, { type: 'SignalReceived', channel: 'c', value: 1 },
        { type: 'WorkflowCompleted', result: null }, { type: 'WaiterAdded', replyTo: 'r', requestId: 'q' },
      ];
      expect(events.map(isCommandEvent)).to.deep.equal([true, true, true, true, false, false, false, false, false]);
    });
  });
});
