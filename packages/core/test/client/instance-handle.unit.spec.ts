import { expect } from 'chai';
import { createClient, Workflow } from '../../src';
import { rejectionOf } from '../support/rejection-of';
import { recordingTransport, silentLogger } from '../support/fakes';

class Counter extends Workflow {
  static readonly queries = ['count'];
  count = 0;
  async run(): Promise<number> {
    await this.timer(1_000);
    return this.count;
  }
  async add(n: number): Promise<number> {
    return (this.count += n);
  }
  /** Named like a handle member: the handle's `history` wins. */
  async history(): Promise<string> {
    return 'the workflow method';
  }
}

describe('client: getById, start and query', () => {
  const setUp = () => {
    const transport = recordingTransport();
    const client = createClient({ transport, logger: silentLogger, namespace: 'ns', clientId: 'c1' });
    return { transport, client };
  };

  it('gives the handle members, a call per workflow method, and keeps the handle member when a method has its name', async () => {
    const { client, transport } = setUp();
    const handle = client.getById(Counter, 'c-1');
    expect(handle.workflowId).to.equal('c-1');
    expect(handle.add).to.be.a('function');
    expect(handle.run).to.be.a('function');
    // The handle's history() reads the (absent) history store; the workflow method would have sent a RunMethod.
    expect(await rejectionOf(handle.history())).to.include({ code: 'CONFIG' });
    expect(transport.published).to.have.length(0);
    await client.close();
  });

  it('sends a method call as RunMethod to the instance, keyed by its id, with the client’s reply topic', async () => {
    const { client, transport } = setUp();
    const started = await client.start(client.getById(Counter, 'c-1').add, 3);
    expect(started.workflowId).to.equal('c-1');
    const [sent] = transport.published;
    expect(sent?.topic).to.equal('ns.workflow.Counter');
    expect(sent?.options?.key).to.equal('c-1');
    expect(sent?.envelope.message).to.deep.equal({ kind: 'RunMethod', workflowName: 'Counter', workflowId: 'c-1', method: 'add', args: [3], replyTo: 'ns.client.c1' });
    await client.close();
  });

  it('sends a query as QueryWorkflow, and refuses a name the class does not list with UnknownQueryError, sending nothing', async () => {
    const { client, transport } = setUp();
    const handle = client.getById(Counter, 'c-1');
    void handle.query('count').catch(() => undefined);
    await new Promise((resolve) => setImmediate(resolve));
    expect(transport.published.map((p) => p.envelope.message)).to.deep.equal([{ kind: 'QueryWorkflow', workflowName: 'Counter', workflowId: 'c-1', query: 'count', args: [], replyTo: 'ns.client.c1' }]);
    const error = await rejectionOf((handle.query as (name: string) => Promise<unknown>)('add'));
    expect(error).to.include({ code: 'UNKNOWN_QUERY', query: 'add', workflowName: 'Counter' });
    expect(transport.published).to.have.length(1);
    await client.close();
  });

  it('refuses to start what is not a stub method, naming both kinds of stub', async () => {
    const { client } = setUp();
    const error = (await rejectionOf(client.start(async () => 1))) as Error;
    expect(error).to.be.instanceOf(TypeError);
    expect(error.message).to.contain('client.newWorkflow').and.contain('client.getById');
    await client.close();
  });
});
