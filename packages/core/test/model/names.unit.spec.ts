import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { createNames, taskAttemptId, taskId } from '../../src/model/names';

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
});
