import { type BatchItem, defineService, type ServiceImplementation, Workflow } from '@cadenza/core';
import { expect } from 'chai';
import type { EngineHarness } from '../harness';
import { freshName } from '../support/fresh-name';
import { service, type World } from './world';

/** A price list: a quote is the unit price of the sku times the quantity. */
interface Pricing {
  quote(sku: string, quantity: number): Promise<number>;
}
const Pricing = defineService<Pricing>('Pricing');

const unitPrice = (sku: string): number => [...sku].reduce((sum, c) => sum + c.charCodeAt(0), 0) % 97;
const quoteOf = ({ args: [sku, quantity] }: BatchItem<[string, number]>): number => unitPrice(sku) * quantity;

class OrderWorkflow extends Workflow {
  private readonly pricing = this.newService(Pricing);

  /** Two quotes in sequence, so that the replay-every-step mode replays past a batched task's result. */
  async price(sku: string, quantity: number): Promise<{ one: number; more: number }> {
    const one = await this.pricing.quote(sku, quantity);
    const more = await this.pricing.quote(sku, quantity + 1);
    return { one, more };
  }
}

const single: ServiceImplementation<Pricing> = { quote: async (sku, quantity) => unitPrice(sku) * quantity };

export const batchingCases = (_h: EngineHarness, world: () => World): void => {
  /** Runs `count` orders against a Pricing worker with `handler` as its batch handler; answers each order's result. */
  const orders = async (count: number, implementation: ServiceImplementation<Pricing>, handler: (items: ReadonlyArray<BatchItem<[string, number]>>) => Promise<unknown[]>, tuning: { concurrency?: number; maxMs?: number } = {}) => {
    const w = world();
    await w.worker({
      workflows: [OrderWorkflow],
      services: [service(Pricing, implementation, {
        retry: { initialDelayMs: 10, jitter: 0 }, ...(tuning.concurrency !== undefined ? { concurrency: tuning.concurrency } : {}),
        batch: { quote: { maxMessages: 10, maxMs: tuning.maxMs ?? 1_000, handler: handler as never } },
      })],
    });
    const client = await w.client();
    const skus = Array.from({ length: count }, (_, i) => freshName(`sku${i}`));
    const handles = await Promise.all(skus.map((sku, i) => client.dispatch(client.newWorkflow(OrderWorkflow).price, sku, i + 1)));
    const results = await Promise.all(handles.map((handle) => handle.result()));
    return { skus, results };
  };
  const expected = (skus: string[]) => skus.map((sku, i) => ({ one: unitPrice(sku) * (i + 1), more: unitPrice(sku) * (i + 2) }));

  it('completes 50 workflows calling a batched method, each with its own results, in batches of more than one task', async () => {
    const sizes: number[] = [];
    const { skus, results } = await orders(50, single, async (items) => {
      sizes.push(items.length);
      return items.map(quoteOf);
    });
    expect(results).to.deep.equal(expected(skus));
    expect(sizes.reduce((a, b) => a + b, 0), 'each task went through the handler once').to.equal(100);
    expect(Math.max(...sizes)).to.be.greaterThan(1);
    expect(Math.max(...sizes)).to.be.at.most(10);
  });

  it('fails only the items a batch answers as failed: they are retried alone and their workflows still complete', async () => {
    const failedOnce = new Set<string>();
    const { skus, results } = await orders(20, single, async (items) => items.map((item) => {
      const { taskId, attempt } = item.context;
      if (attempt === 1 && item.args[1] % 3 === 0) {
        failedOnce.add(taskId);
        return { ok: false, error: new Error(`quote ${taskId} timed out upstream`) };
      }
      return { ok: true, value: quoteOf(item) };
    }));
    expect(results).to.deep.equal(expected(skus));
    expect(failedOnce.size).to.be.greaterThan(0);
  });

  it('runs the tasks of a batch that throws one by one, through the method: every workflow completes', async () => {
    let singles = 0;
    let batches = 0;
    const { skus, results } = await orders(20, { quote: async (sku, quantity) => { singles++; return single.quote(sku, quantity); } }, async (items) => {
      if (batches++ === 0) throw new Error('pricing batch endpoint down');
      return items.map(quoteOf);
    });
    expect(results).to.deep.equal(expected(skus));
    expect(singles, 'the tasks of the failed batch ran alone').to.be.greaterThan(0);
  });

  it('never puts more tasks in a batch than the service runs at once (its concurrency)', async () => {
    const sizes: number[] = [];
    const { skus, results } = await orders(20, single, async (items) => {
      sizes.push(items.length);
      return items.map(quoteOf);
    }, { concurrency: 4, maxMs: 20 }); // a batch of 10 never fills: each goes after its maxMs
    expect(results).to.deep.equal(expected(skus));
    expect(Math.max(...sizes)).to.be.at.most(4);
  });
};
