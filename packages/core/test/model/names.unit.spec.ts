import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { InvalidNameError } from '../../src/errors/invalid-name-error';
import { checkEntityName, createNames, invalidTopicField, isTaskOutcomeId, taskAttemptId, taskId, taskOutcomeId } from '../../src/model/names';

const TOPIC = /^[A-Za-z0-9._-]+$/;

describe('model/names', () => {
  it('uses namespace cadenza by default', () => {
    const names = createNames();
    expect(names.namespace).to.equal('cadenza');
    expect(names.workflowTopic('BankWorkflow')).to.equal('cadenza.workflow.BankWorkflow');
    expect(names.serviceTopic('BankService')).to.equal('cadenza.service.BankService');
    expect(names.deadLetterTopic()).to.equal('cadenza.dead-letter');
    expect(names.eventsTopic()).to.equal('cadenza.events');
    expect(names.workflowStream('BankWorkflow', 'w1')).to.equal('cadenza.BankWorkflow-w1');
  });

  it('gives every topic and group a name of [A-Za-z0-9._-] only, for a sample of valid names', () => {
    const namespaces = ['cadenza', 'prod-eu_1', 'T', `test-${process.pid}-${randomUUID().slice(0, 8)}`];
    const workflows = ['BankWorkflow', 'Bank_Workflow-2', 'W', 'order-saga'];
    const services = ['BankService', 'Bank_Service-v2', 'S'];
    const clients = [randomUUID(), 'client-1', 'worker_7'];
    for (const namespace of namespaces) {
      const names = createNames(namespace);
      const produced = [
        names.deadLetterTopic(), names.eventsTopic(),
        ...workflows.flatMap((w) => [names.workflowTopic(w), names.workflowGroup(w)]),
        ...services.flatMap((s) => [names.serviceTopic(s), names.serviceGroup(s)]),
        ...clients.map((c) => names.clientTopic(c)),
      ];
      for (const name of produced) {
        expect(name).to.match(TOPIC);
        expect(name.startsWith(`${namespace}.`), name).to.equal(true);
      }
      expect(new Set(produced).size).to.equal(produced.length);
    }
  });

  it('never gives two workflow name and id pairs one history stream, even when names and ids hold the separator', () => {
    const names = createNames('ns');
    expect(names.workflowStream('Order', 'eu-1')).not.to.equal(names.workflowStream('Order-eu', '1'));
    const workflows = ['Order', 'Order-eu', 'Order-eu-1', 'Order-', 'O-', 'Order~', 'Order~-eu', 'Order_eu'];
    const ids = ['1', 'eu-1', '-1', 'eu~-1', '~', '~-', '', 'a.b', '1-'];
    const streams = new Map<string, string>();
    for (const workflow of workflows) {
      for (const id of ids) {
        const stream = names.workflowStream(workflow, id);
        expect(streams.get(stream), `${workflow} / ${id} and ${streams.get(stream)} share ${stream}`).to.equal(undefined);
        streams.set(stream, `${workflow} / ${id}`);
      }
    }
  });

  it('keeps the stream name of a workflow name without a separator as it was, and the escaped one readable', () => {
    const names = createNames('ns');
    expect(names.workflowStream('BankWorkflow', 'w-1:2')).to.equal('ns.BankWorkflow-w-1:2');
    expect(names.workflowStream('Order-eu', '1')).to.equal('ns.Order~-eu-1');
  });

  it('answers each topic for the name asked, whatever was asked before it, and the same name with the same string', () => {
    const names = createNames('ns');
    const asked = ['A', 'B', 'A', 'A', 'C', 'B'];
    expect(asked.map((n) => names.workflowTopic(n))).to.deep.equal(asked.map((n) => `ns.workflow.${n}`));
    expect(asked.map((n) => names.serviceTopic(n))).to.deep.equal(asked.map((n) => `ns.service.${n}`));
    expect(asked.map((n) => names.clientTopic(n))).to.deep.equal(asked.map((n) => `ns.client.${n}`));
    expect(createNames('other').workflowTopic('A')).to.equal('other.workflow.A');
    expect([names.deadLetterTopic(), names.eventsTopic()]).to.deep.equal(['ns.dead-letter', 'ns.events']);
  });

  it('keeps namespaces apart', () => {
    expect(createNames('a').workflowTopic('W')).not.to.equal(createNames('b').workflowTopic('W'));
    expect(createNames('a').workflowStream('W', 'w1')).not.to.equal(createNames('b').workflowStream('W', 'w1'));
  });

  it('makes a task id <workflowId>:<seq> and an attempt id <taskId>:r<retry>#<attempt>', () => {
    expect(taskId('w1', 3)).to.equal('w1:3');
    expect(taskAttemptId(taskId('w1', 3), 0, 1)).to.equal('w1:3:r0#1');
    expect(taskAttemptId('w1:3', 2, 12)).to.equal('w1:3:r2#12');
  });

  it('gives each attempt of each retry round its own id', () => {
    const ids = new Set<string>();
    for (let retry = 0; retry < 5; retry++) for (let attempt = 1; attempt <= 12; attempt++) ids.add(taskAttemptId(taskId('w1', 7), retry, attempt));
    expect(ids.size).to.equal(60);
  });

  describe('names taken from messages', () => {
    const names = createNames('ns');
    const hostile = ['../x', 'ns.client.../x', 'other.client.c1', 'ns.client.', `ns.client.${'a'.repeat(10_000)}`, 'ns.client.c1\u0000', 'ns.client.c\n1',
      'ns.workflow.BankWorkflow', 'ns.dead-letter', 'ns.client.c1.x', 42, null];

    it('takes as replyTo a client topic of its own namespace only', () => {
      expect(names.replyTopic('ns.client.c1', 'message.replyTo')).to.equal('ns.client.c1');
      expect(names.replyTopic(names.clientTopic(randomUUID()), 'message.replyTo')).to.match(/^ns\.client\./);
      for (const topic of hostile) {
        expect(() => names.replyTopic(topic, 'message.replyTo'), JSON.stringify(topic)).to.throw(InvalidNameError, /^invalid name at message\.replyTo: expected a client topic of namespace ns/);
      }
    });

    it('shows at most 120 characters of a hostile name, with control characters escaped', () => {
      const error = (() => { try { names.replyTopic(`ns.client.\u0007${'a'.repeat(10_000)}`, 'message.replyTo'); } catch (e) { return e as InvalidNameError; } })()!;
      expect(error.code).to.equal('INVALID_NAME');
      expect(error.message).to.contain('\\u0007').and.to.have.length.below(400);
    });

    it('takes as workflow and service names what defineService takes, at most 128 characters', () => {
      expect(checkEntityName('Bank_Workflow-2', 'f')).to.equal('Bank_Workflow-2');
      for (const name of ['', '../x', 'a.b', '1abc', 'x'.repeat(129), 'W\u0000', 7]) {
        expect(() => checkEntityName(name, 'message.parent.workflowName'), JSON.stringify(name)).to.throw(InvalidNameError, /message\.parent\.workflowName/);
      }
    });

    it('finds the first bad topic field of a message: replyTo, the parent, the workflow a task answers to', () => {
      const run = { kind: 'RunWorkflow', workflowName: 'W', workflowId: 'w1', method: 'm', args: [], tags: [], meta: {} };
      expect(invalidTopicField({ ...run, replyTo: 'ns.client.c1', parent: { workflowName: 'P', workflowId: 'p1', seq: 1 } }, names)).to.equal(undefined);
      expect(invalidTopicField({ ...run, replyTo: 'other.client.c1' }, names)?.field).to.equal('message.replyTo');
      expect(invalidTopicField({ ...run, parent: { workflowName: '../P', workflowId: 'p1', seq: 1 } }, names)?.field).to.equal('message.parent.workflowName');
      expect(invalidTopicField({ kind: 'ExecuteTask', workflowName: 'a/b' }, names)?.field).to.equal('message.workflowName');
    });
  });

  it('names a task outcome by task and round, and tells it from a request id', () => {
    expect(taskOutcomeId(taskId('w1', 3), 2, 'completed')).to.equal('w1:3:r2:completed');
    expect(isTaskOutcomeId(taskOutcomeId('w1:3', 0, 'failed'))).to.equal(true);
    for (const request of [randomUUID(), 'w1:3:r2#1', 'w1:3/Trip.reserve/r0', 'completed']) expect(isTaskOutcomeId(request), request).to.equal(false);
  });
});
