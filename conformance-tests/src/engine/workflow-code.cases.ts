import { Deferred, Workflow } from '@cadenza/core';
import { expect } from 'chai';
import type { EngineHarness } from '../harness';
import { rejection } from '../support/rejection';
import { Flaky, flakyService, flakyState } from './fixtures';
import { service, type World } from './world';

/** Workflow code with the mistakes real code makes; each must fail its workflow, never the worker or the caller. */
class CallbackThrows extends Workflow {
  private readonly flaky = this.newService(Flaky);
  async run(): Promise<string> {
    void this.flaky.run('a').then(() => {
      throw new Error('a bug in a callback');
    });
    await this.flaky.run('b');
    return this.flaky.run('c');
  }
}

/** The same mistake on what `Deferred.all` and `Deferred.any` return. */
class CombinedCallbackThrows extends Workflow {
  private readonly flaky = this.newService(Flaky);
  async all(): Promise<string> {
    void Deferred.all(this.flaky.run('a'), this.flaky.run('b')).then(() => {
      throw new Error('a bug in a callback on all');
    });
    await this.flaky.run('c');
    return this.flaky.run('d');
  }
  async any(): Promise<string> {
    void Deferred.any(this.flaky.run('a'), this.flaky.run('b')).then(() => {
      throw new Error('a bug in a callback on any');
    });
    await this.flaky.run('c');
    return this.flaky.run('d');
  }
}

class ConstructorThrows extends Workflow {
  constructor() {
    super();
    throw new Error('a bug in the constructor');
  }
  async run(): Promise<string> {
    return 'never';
  }
}

const cycle = (): unknown => {
  const node: Record<string, unknown> = { name: 'loop' };
  node.self = node;
  return node;
};
const deep = (depth: number): unknown => {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = [value];
  return value;
};

class BadResults extends Workflow {
  async bigint(): Promise<unknown> {
    return BigInt(1);
  }
  async cycle(): Promise<unknown> {
    return cycle();
  }
  async fn(): Promise<unknown> {
    return () => 1;
  }
  async deep(): Promise<unknown> {
    return deep(200_000);
  }
}

class BadTaskArguments extends Workflow {
  private readonly flaky = this.newService(Flaky);
  async run(): Promise<string> {
    return this.flaky.run(cycle() as string);
  }
}

export const workflowCodeCases = (h: EngineHarness, world: () => World): void => {
  const start = async (w: World) => {
    await w.worker({ workflows: [CallbackThrows, CombinedCallbackThrows, ConstructorThrows, BadResults, BadTaskArguments], services: [service(Flaky, flakyService(flakyState()))] });
    return w.client();
  };

  it('fails the workflow when a callback in its code throws, and the worker lives on', async () => {
    const w = world();
    const client = await start(w);
    const error = await rejection(client.newWorkflow(CallbackThrows).run());
    expect(error.code).to.equal('WORKFLOW_FAILED');
    expect((error.cause as Error).message).to.equal('a bug in a callback');
  });

  for (const method of ['all', 'any'] as const) {
    it(`fails the workflow when a callback on Deferred.${method} throws, and the worker lives on`, async () => {
      const w = world();
      const client = await start(w);
      const error = await rejection(client.newWorkflow(CombinedCallbackThrows)[method]());
      expect(error.code).to.equal('WORKFLOW_FAILED');
      expect((error.cause as Error).message).to.equal(`a bug in a callback on ${method}`);
    });
  }

  it('fails the workflow when its constructor throws', async () => {
    const w = world();
    const client = await start(w);
    const error = await rejection(client.newWorkflow(ConstructorThrows).run());
    expect(error.code).to.equal('WORKFLOW_FAILED');
    expect((error.cause as Error).message).to.contain('a bug in the constructor');
  });

  for (const method of ['bigint', 'cycle', 'fn', 'deep'] as const) {
    it(`fails the workflow with UnserializableValueError when its result cannot be serialized (${method})`, async () => {
      const w = world();
      const client = await start(w);
      const error = await rejection(client.newWorkflow(BadResults)[method]());
      expect(error.code).to.equal('WORKFLOW_FAILED');
      expect((error.cause as { code?: string }).code).to.equal('UNSERIALIZABLE');
    });
  }

  it('fails the workflow with UnserializableValueError when it calls a task with arguments that cannot be serialized', async () => {
    const w = world();
    const client = await start(w);
    const error = await rejection(client.newWorkflow(BadTaskArguments).run());
    expect(error.code).to.equal('WORKFLOW_FAILED');
    expect((error.cause as { code?: string }).code).to.equal('UNSERIALIZABLE');
  });
};
