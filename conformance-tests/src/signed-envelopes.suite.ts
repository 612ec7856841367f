import {
  type CadenzaConfig, createClient, createEnvelopeSigner, createNames, createWorker, type Envelope, type MessageOf, type SigningConfig,
  signTransport, type Subscription, type Transport, type Worker,
} from '@cadenza/core';
import { BankService, BankWorkflow, createBankService, createEmailService, EmailService, Ledger } from '@cadenza/example-bank-transfer';
import { expect } from 'chai';
import { recordingLogger } from './signing/recording-logger';
import { signingWith, TEST_KEYS } from './signing/test-keys';
import { eventually } from './support/eventually';
import { freshName } from './support/fresh-name';

/** What the signed-envelopes suite needs: workers and clients built from config, and a transport that does not sign. */
export interface SignedEnvelopesHarness {
  readonly name: string;
  /** The `transport:` section workers and clients of the suite are built from (`createWorker(config)`). */
  transportConfig(): NonNullable<CadenzaConfig['transport']>;
  /** A transport that does not sign: the forger's, and the suite's window on what is on the topics. */
  createRawTransport(): Promise<Transport>;
  teardown(): Promise<void>;
}

const { old: OLD, new: NEW, guessed: GUESSED } = TEST_KEYS;
const ACCOUNTS = { alice: 1_000, bob: 1_000 };

/**
 * Signing end to end, with the bank example: workers and clients built from config with `signing:` refuse
 * what a process without the key writes to their topics (a forged `ExecuteTask` does not move money, a
 * forged outcome does not complete a task), and a key rotation in progress keeps every workflow running.
 */
export function describeSignedEnvelopes(h: SignedEnvelopesHarness): void {
  describe(`Signed envelopes: ${h.name}`, function () {
    this.timeout(120_000);
    const closers: Array<() => Promise<unknown>> = [];
    afterEach(async () => {
      for (const close of closers.splice(0).reverse()) await close();
    });
    after(() => h.teardown());

    const setUp = async () => {
      const namespace = freshName('signed').replace(/[^A-Za-z0-9_-]/g, '-');
      const raw = await h.createRawTransport();
      closers.push(() => raw.close());
      const config = (signing: SigningConfig): CadenzaConfig =>
        ({ namespace, transport: h.transportConfig(), history: { type: 'in-memory' }, logLevel: 'silent', signing });
      const bankWorker = async (signing: SigningConfig, ledger: Ledger): Promise<Worker> => {
        const worker = createWorker(config(signing)).registerWorkflow(BankWorkflow)
          .registerService(BankService, createBankService(ledger)).registerService(EmailService, createEmailService(new Map()));
        await worker.start();
        closers.push(() => worker.stop());
        return worker;
      };
      const client = (signing: SigningConfig) => {
        const c = createClient(config(signing));
        closers.push(() => c.close());
        return c;
      };
      /** Everything published to `topic` from now on, as it is on the wire (signature included). */
      const tap = async (topic: string): Promise<Envelope[]> => {
        const seen: Envelope[] = [];
        const subscription: Subscription = await raw.subscribe(topic, freshName('tap'), async (d) => void seen.push(d.envelope),
          { order: 'none', deadLetterTopic: freshName('unused') });
        closers.push(() => subscription.close());
        return seen;
      };
      return { names: createNames(namespace), raw, config, bankWorker, client, tap };
    };

    it('refuses forged ExecuteTask and TaskCompleted messages: no money moves, each lands in the dead letter, typed', async () => {
      const { names, raw, bankWorker, client, tap } = await setUp();
      const ledger = new Ledger(ACCOUNTS);
      await bankWorker(signingWith(OLD), ledger);
      const dead = await tap(names.deadLetterTopic());
      const withdrawal = (id: string): Envelope => ({
        v: 1, id, at: Date.now(),
        message: {
          kind: 'ExecuteTask', workflowName: 'BankWorkflow', workflowId: 'victim', seq: 1, taskId: 'victim:1', service: 'BankService',
          method: 'withdraw', args: ['victim', 'alice', 900], attempt: 1, retry: 0, tags: [], meta: {},
        },
      });
      const completion: Envelope = {
        v: 1, id: 'forged-completion', at: Date.now(),
        message: { kind: 'TaskCompleted', workflowName: 'BankWorkflow', workflowId: 'victim', seq: 1, taskId: 'victim:1', result: null, attempt: 1 },
      };
      const logger = recordingLogger();
      const guessing = signTransport(raw, createEnvelopeSigner(signingWith(GUESSED)), { logger });
      const stranger = signTransport(raw, createEnvelopeSigner(signingWith({ id: 'test-stranger', secret: OLD.secret })), { logger });
      await raw.publish(names.serviceTopic('BankService'), withdrawal('forged-unsigned'));
      await guessing.publish(names.serviceTopic('BankService'), withdrawal('forged-guessed-secret'));
      await stranger.publish(names.serviceTopic('BankService'), withdrawal('forged-unknown-key'));
      await raw.publish(names.workflowTopic('BankWorkflow'), completion, { key: 'victim' });

      await eventually(() => expect(dead).to.have.length(4), { timeoutMs: 60_000 });
      const letters = dead.map((e) => e.message as MessageOf<'DeadLetter'>);
      const byId = new Map(letters.map((l) => [JSON.parse(Buffer.from(l.raw, 'base64').toString('utf8')).id as string, l]));
      expect(byId.get('forged-unsigned')?.reason).to.match(/^UNSIGNED_MESSAGE: /);
      expect(byId.get('forged-guessed-secret')?.reason).to.match(/^BAD_SIGNATURE: .*signature does not match/);
      expect(byId.get('forged-unknown-key')?.reason).to.match(/^BAD_SIGNATURE: .*"test-stranger".*unknown key id/);
      expect(byId.get('forged-completion')?.reason).to.match(/^UNSIGNED_MESSAGE: /);
      expect(byId.get('forged-unsigned')?.originalTopic).to.equal(names.serviceTopic('BankService'));
      expect(ledger.snapshot(), 'a forged withdrawal moved money').to.deep.equal(ACCOUNTS);

      // The same worker still serves signed work, and only that work moves money.
      await client(signingWith(OLD)).newWorkflow(BankWorkflow, { id: 'genuine' }).wire('genuine', 'alice', 'bob', 100);
      expect(ledger.snapshot()).to.deep.equal({ alice: 900, bob: 1_100 });
    });

    it('completes a workflow mid-rotation: the worker signs with the new key, the client still with the old', async () => {
      const { names, bankWorker, client, tap } = await setUp();
      const ledger = new Ledger(ACCOUNTS);
      const starts = await tap(names.workflowTopic('BankWorkflow'));
      const tasks = await tap(names.serviceTopic('BankService'));
      await bankWorker({ keys: [OLD, NEW], signWith: NEW.id }, ledger);
      await client({ keys: [OLD, NEW], signWith: OLD.id }).newWorkflow(BankWorkflow, { id: 'rotating' }).wire('rotating', 'alice', 'bob', 250);
      expect(ledger.snapshot()).to.deep.equal({ alice: 750, bob: 1_250 });
      const run = starts.find((e) => e.message.kind === 'RunWorkflow');
      expect(run?.sig?.kid, 'the client signs with the old key').to.equal(OLD.id);
      await eventually(() => expect(tasks.filter((e) => e.message.kind === 'ExecuteTask')).to.have.length(2));
      expect(tasks.map((e) => e.sig?.kid), 'the worker signs with the new key').to.deep.equal([NEW.id, NEW.id]);
    });
  });
}
