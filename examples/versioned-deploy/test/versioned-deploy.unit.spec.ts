import { expect } from 'chai';
import { OrderWorkflowV1, OrderWorkflowV2 } from '../src/order-workflow';
import { createShopInfrastructure, startShopRelease } from '../src/shop';

type Recorded = { type: string; changeId?: string; version?: number; seq?: number };

const eventually = async (check: () => Promise<boolean> | boolean): Promise<void> => {
  for (let tries = 0; !(await check()); tries++) {
    if (tries > 500) throw new Error('gave up waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

for (const cacheSize of [10_000, 0]) {
  describe(`versioned deploy (${cacheSize === 0 ? 'replay every step' : 'warm cache'})`, () => {
    it('finishes an order placed before a deploy that changed the code with version(), and one placed after, each on its path', async () => {
      const infrastructure = createShopInfrastructure();
      const historyOf = async (id: string) => (await infrastructure.history.read(`shop.OrderWorkflow-${id}`)).events.map((e) => e.data as Recorded);
      const v1 = await startShopRelease(infrastructure, OrderWorkflowV1, { cacheSize });
      await v1.client.dispatch(v1.client.newWorkflow(OrderWorkflowV1, { id: 'old' }).place, 'old', 40);
      await eventually(async () => (await historyOf('old')).some((e) => e.type === 'ReceiveStarted'));
      await v1.stop();

      const v2 = await startShopRelease(infrastructure, OrderWorkflowV2, { cacheSize });
      try {
        const fresh = await v2.client.dispatch(v2.client.newWorkflow(OrderWorkflowV2, { id: 'new' }).place, 'new', 60);
        await eventually(async () => (await historyOf('new')).some((e) => e.type === 'ReceiveStarted'));
        const old = v2.client.getById(OrderWorkflowV2, 'old');
        const oldResult = old.result();
        await old.send('shipped', 'today');
        await fresh.send('shipped', 'today');

        expect(await oldResult).to.deep.equal({ payment: 'payment-old', fraudChecked: false, receiptMailed: true });
        expect(await fresh.result()).to.deep.equal({ payment: 'payment-new', fraudChecked: true, receiptMailed: true });
        expect(infrastructure.done.get('old')).to.deep.equal(['charged 40', 'mailed receipt', 'mailed thank-you']);
        expect(infrastructure.done.get('new')).to.deep.equal(['checked', 'charged 60', 'mailed receipt', 'mailed thank-you']);
      } finally {
        await v2.stop();
        await infrastructure.shutdown();
      }
    });
  });
}
