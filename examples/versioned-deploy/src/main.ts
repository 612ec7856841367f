import { OrderWorkflowV1, OrderWorkflowV2 } from './order-workflow';
import { createShopInfrastructure, startShopRelease } from './shop';

/** An order placed on release 1, a deploy of release 2 while it waits for shipping, and a new order on release 2. */
const main = async (): Promise<void> => {
  const infrastructure = createShopInfrastructure();
  const v1 = await startShopRelease(infrastructure, OrderWorkflowV1);
  const old = await v1.client.dispatch(v1.client.newWorkflow(OrderWorkflowV1, { id: 'order-1' }).place, 'order-1', 40);
  // The deploy comes once order 1 is charged and waits for shipping.
  while (!infrastructure.done.get('order-1')?.includes('charged 40')) await new Promise((resolve) => setTimeout(resolve, 10));
  await v1.stop();

  const v2 = await startShopRelease(infrastructure, OrderWorkflowV2);
  const fresh = await v2.client.dispatch(v2.client.newWorkflow(OrderWorkflowV2, { id: 'order-2' }).place, 'order-2', 60);
  for (const id of ['order-1', 'order-2']) await v2.client.getById(OrderWorkflowV2, id).send('shipped', 'today');
  console.log('order-1 (placed before the deploy):', await v2.client.getById(OrderWorkflowV2, old.workflowId).result());
  console.log('order-2 (placed after it):', await fresh.result());
  console.log('what the shop did:', Object.fromEntries(infrastructure.done));
  await v2.stop();
  await infrastructure.shutdown();
};

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
