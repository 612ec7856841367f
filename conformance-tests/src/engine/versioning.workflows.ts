import { Workflow } from '@cadenza/core';
import { Flaky } from './fixtures';

/** What every `Deploy` class returns: its steps' results and the versions its calls got. */
export interface DeployResult {
  readonly a: string;
  readonly extra: string;
  readonly b: string;
  readonly versions: readonly number[];
}

/** The code before the deploy: a step, a wait for `go`, a step. */
export class DeployV1 extends Workflow {
  static readonly workflowName = 'Deploy';
  private readonly flaky = this.newService(Flaky);
  async run(key: string): Promise<DeployResult> {
    const a = await this.flaky.run(`${key}-a`);
    await this.channel<string>('go').receive();
    const b = await this.flaky.run(`${key}-b`);
    return { a, extra: 'none', b, versions: [] };
  }
}

/**
 * The deploy, with `version()`: the first step renamed (an instance past it keeps the old one), and an extra step
 * after the wait (an instance that reaches it live takes it). The repeated call agrees with the first.
 */
export class DeployV2 extends Workflow {
  static readonly workflowName = 'Deploy';
  private readonly flaky = this.newService(Flaky);
  async run(key: string): Promise<DeployResult> {
    const renamed = this.version('rename-a', 1);
    const a = await this.flaky.run(renamed >= 1 ? `${key}-a2` : `${key}-a`);
    await this.channel<string>('go').receive();
    const extra = this.version('extra-step', 1) >= 1 ? await this.flaky.run(`${key}-extra`) : 'skipped';
    const again = this.version('rename-a', 1);
    const b = await this.flaky.run(`${key}-b`);
    return { a, extra, b, versions: [renamed, again] };
  }
}

/** A rollback that dropped the rename: it supports only version 0 of it, below what new instances recorded. */
export class DeployRollback extends Workflow {
  static readonly workflowName = 'Deploy';
  private readonly flaky = this.newService(Flaky);
  async run(key: string): Promise<DeployResult> {
    const renamed = this.version('rename-a', 0);
    const a = await this.flaky.run(`${key}-a`);
    await this.channel<string>('go').receive();
    const b = await this.flaky.run(`${key}-b`);
    return { a, extra: 'none', b, versions: [renamed] };
  }
}

/** The first step's arguments changed, without `version()`: only `simple` and `none` replay an old history. */
export class DeployNewArgs extends Workflow {
  static readonly workflowName = 'Deploy';
  private readonly flaky = this.newService(Flaky);
  async run(key: string): Promise<DeployResult> {
    const a = await this.flaky.run(`${key}-A`);
    await this.channel<string>('go').receive();
    const b = await this.flaky.run(`${key}-b`);
    return { a, extra: 'new args', b, versions: [] };
  }
}

/** The first step became a timer, without `version()`: only `none` replays an old history (the task's result goes to the timer's step). */
export class DeployNewKind extends Workflow {
  static readonly workflowName = 'Deploy';
  private readonly flaky = this.newService(Flaky);
  async run(key: string): Promise<DeployResult> {
    const a = await this.timer(1);
    await this.channel<string>('go').receive();
    const b = await this.flaky.run(`${key}-b`);
    return { a: String(a), extra: 'new kind', b, versions: [] };
  }
}

/** Version 2 side by side with {@link DeployV1}: other code under the same name, no `version()` needed. */
export class DeploySecond extends Workflow {
  static readonly workflowName = 'Deploy';
  private readonly flaky = this.newService(Flaky);
  async run(key: string): Promise<DeployResult> {
    const a = await this.flaky.run(`${key}-second`);
    await this.channel<string>('go').receive();
    const b = await this.flaky.run(`${key}-b`);
    return { a, extra: 'version 2', b, versions: [] };
  }
}

/** Asks for a version range that is empty (max below min). */
export class BadVersionCall extends Workflow {
  static readonly workflowName = 'Deploy';
  async run(): Promise<number> {
    return this.version('empty', 1, 2);
  }
}
