import { expect } from 'chai';
import { createClient, TransportError, Workflow } from '../../src';
import { rejectionOf } from '../support/rejection-of';
import { recordingTransport, silentLogger } from '../support/fakes';

class Quiet extends Workflow {
  async run(): Promise<void> {
    await this.timer(1_000);
  }
}

describe('client: a request that cannot be published', () => {
  const refusingTransport = () => {
    const transport = recordingTransport();
    return { ...transport, publish: async () => Promise.reject(new TransportError('broker down', true)) };
  };

  it('rejects the call, the dispatch and a result() with the publish error', async () => {
    const client = createClient({ transport: refusingTransport(), logger: silentLogger });
    const call = await rejectionOf(client.newWorkflow(Quiet).run());
    const dispatch = await rejectionOf(client.dispatch(client.newWorkflow(Quiet).run));
    const result = await rejectionOf(client.getById(Quiet, 'w1').result());
    for (const error of [call, dispatch, result]) expect(error).to.be.instanceOf(TransportError).and.include({ message: 'broker down' });
    await client.close();
  });
});
