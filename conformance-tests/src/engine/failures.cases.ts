import { hasErrorCode, type ServiceImplementation, Workflow } from '@cadenza/core';
import { BankService, BankWorkflow, createBankService, createEmailService, EmailService, Ledger } from '@cadenza/example-bank-transfer';
import { expect } from 'chai';
import type { EngineHarness } from '../harness';
import { rejection } from '../support/rejection';
import { eventually } from '../support/eventually';
import { Flaky, flakyService, flakyState, SequenceWorkflow } from './fixtures';
import { service, type World } from './world';

const fast = { initialDelayMs: 10, backoffFactor: 1, jitter: 0 };

/** Version 1 of a workflow whose code changes while an instance waits on a channel. */
class ChangingV1 extends Workflow {
  static readonly workflowName = 'Changing';
  private readonly flaky = this.newService(Flaky);
  async run(): Promise<string> {
    await this.flaky.run('first');
    await this.channel<string>('go').receive();
    return this.flaky.run('second');
  }
}
/** Version 2 calls another task at the first step: replaying version 1's history must fail. */
class ChangingV2 extends Workflow {
  static readonly workflowName = 'Changing';
  private readonly flaky = this.newService(Flaky);
  async run(): Promise<string> {
    await this.flaky.run('renamed');
    await this.channel<string>('go').receive();
    return this.flaky.run('second');
  }
}

export const failureCases = (h: EngineHarness, world: () => World): void => {
  it('retries a task that fails twice, then completes with the third attempt', async () => {
    const w = world();
    const state = flakyState();
    state.failures.set('shaky', 2);
    await w.worker({ workflows: [SequenceWorkflow], services: [service(Flaky, flakyService(state), { retry: { ...fast, maxAttempts: 5 } })] });
    const client = await w.client();
    expect(await client.newWorkflow(SequenceWorkflow).run(['shaky'])).to.deep.equal(['shaky:done']);
    expect(state.seen).to.deep.equal([
      { label: 'shaky', attempt: 1 },
      { label: 'shaky', attempt: 2, lastError: 'shaky failed at attempt 1' },
      { label: 'shaky', attempt: 3, lastError: 'shaky failed at attempt 2' },
    ]);
  });

  it('stops retrying at once on a non-retriable error', async () => {
    const w = world();
    const state = flakyState();
    state.terminal.add('never');
    await w.worker({ workflows: [SequenceWorkflow], services: [service(Flaky, flakyService(state), { retry: { ...fast, maxAttempts: 5 } })] });
    const client = await w.client();
    const error = await rejection(client.newWorkflow(SequenceWorkflow).run(['never']));
    expect(error.code).to.equal('WORKFLOW_FAILED');
    expect((error.cause as Record<string, unknown>).attempt).to.equal(1);
    expect(state.seen).to.have.length(1);
  });

  it('fails the workflow when deposit fails for good, keeps its history, and retry resumes without running withdraw again', async () => {
    const w = world();
    const ledger = new Ledger({ alice: 1_000, bob: 1_000 });
    const bank = createBankService(ledger);
    let depositBroken = true;
    const flakyBank: ServiceImplementation<BankService> = {
      ...bank,
      deposit: async (...args) => {
        if (depositBroken) throw new Error('deposit service is down');
        return bank.deposit(...args);
      },
    };
    await w.worker({
      workflows: [BankWorkflow],
      services: [service(BankService, flakyBank, { retry: { ...fast, maxAttempts: 3 } }), service(EmailService, createEmailService(new Map()))],
    });
    const client = await w.client();
    const error = await rejection(client.newWorkflow(BankWorkflow, { id: 'stuck' }).wire('stuck', 'alice', 'bob', 250));
    expect(error.code).to.equal('WORKFLOW_FAILED');
    expect(error.cause).to.include({ code: 'TASK_FAILED', service: 'BankService', method: 'deposit', attempt: 3 });
    expect(((error.cause as Error).cause as Error).message).to.equal('deposit service is down');
    const stream = w.names.workflowStream('BankWorkflow', 'stuck');
    const kept = await (await w.store()).read(stream);
    expect(kept.events.map((e) => e.type).at(-1)).to.equal('WorkflowFailed');
    expect(ledger.snapshot()).to.deep.equal({ alice: 750, bob: 1_000 });

    depositBroken = false;
    const handle = client.getById(BankWorkflow, 'stuck');
    await handle.retry();
    await handle.result().catch(async (e: unknown) => {
      // The instance may have ended before we asked: then the money shows it completed.
      if (!hasErrorCode(e, 'WORKFLOW_UNKNOWN')) throw e;
    });
    await eventually(() => expect(ledger.snapshot()).to.deep.equal({ alice: 750, bob: 1_250 }));
    expect(ledger.attempts.get('stuck:1'), 'withdraw ran again').to.equal(1);
    await eventually(async () => expect((await (await w.store()).read(stream)).revision).to.equal('deleted'));
  });

  const changedCode = async (w: World) => {
    const state = flakyState();
    const services = [service(Flaky, flakyService(state), { retry: fast })];
    const v1 = await w.worker({ workflows: [ChangingV1], services });
    const client = await w.client();
    const handle = await client.dispatch(client.newWorkflow(ChangingV1, { id: 'changing' }).run);
    const stream = w.names.workflowStream('Changing', 'changing');
    const types = async () => (await (await w.store()).read(stream)).events.map((e) => e.type);
    await eventually(async () => expect(await types()).to.include('ReceiveStarted'));
    await v1.stop();

    const v2 = await w.worker({ workflows: [ChangingV2] });
    const result = handle.result();
    result.catch(() => undefined);
    await handle.send('go', 'now');
    await eventually(async () => expect(await types()).to.include('WorkflowBlocked'));
    const blocked = (await (await w.store()).read(stream)).events.find((e) => e.type === 'WorkflowBlocked')!.data as { error: { code: string; message: string } };
    expect(blocked.error.code).to.equal('NON_DETERMINISM');
    expect(blocked.error.message).to.match(/Flaky\.run\("first"\).*Flaky\.run\("renamed"\)/);
    expect(await types()).to.not.include('WorkflowFailed');
    await v2.stop();
    return { state, services, client, handle, result };
  };

  it('blocks, without failing it, a workflow whose code no longer matches its history, naming both commands; code that matches resumes it when it loads it', async () => {
    const w = world();
    const { state, services, client, result } = await changedCode(w);
    await w.worker({ workflows: [ChangingV1], services });
    // Any message makes the worker with matching code load the workflow: here a second caller's wait.
    const waited = client.getById(ChangingV1, 'changing').result();
    expect(await result).to.equal('second:done');
    expect(await waited).to.equal('second:done');
    expect(state.seen.map((s) => s.label)).to.deep.equal(['first', 'second']);
  });

  it('resumes a blocked workflow on retry once code that matches its history runs', async () => {
    const w = world();
    const { state, services, handle, result } = await changedCode(w);
    await w.worker({ workflows: [ChangingV1], services });
    await handle.retry();
    expect(await result).to.equal('second:done');
    expect(state.seen.map((s) => s.label)).to.deep.equal(['first', 'second']);
  });
};
