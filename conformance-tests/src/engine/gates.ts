import { defineService, type ServiceImplementation, TerminalTaskError, Workflow } from '@cadenza/core';
import { type Latch, latch } from '../support/latch';

/** A service whose calls finish only when the test opens their gate: steps advance when the test says. */
export interface Gated {
  pass(label: string): Promise<string>;
}
export const Gated = defineService<Gated>('Gated');

/** One gate per label, and how many times each label's task ran. */
export class Gates {
  private readonly gates = new Map<string, Latch>();
  readonly runs = new Map<string, number>();
  private readonly failing = new Set<string>();

  gate(label: string): Latch {
    let gate = this.gates.get(label);
    if (!gate) this.gates.set(label, (gate = latch()));
    return gate;
  }

  open(label: string): void {
    this.gate(label).open();
  }

  /** Opens every gate, so that no task is left waiting when the workers stop. */
  openAll(): void {
    for (const gate of this.gates.values()) gate.open();
  }

  /** The label's tasks fail for good from now on, at once. */
  fail(label: string): void {
    this.failing.add(label);
    this.open(label);
  }

  /** The label's tasks succeed again. */
  heal(label: string): void {
    this.failing.delete(label);
  }

  service(): ServiceImplementation<Gated> {
    return {
      pass: async (label) => {
        this.runs.set(label, (this.runs.get(label) ?? 0) + 1);
        await this.gate(label).promise;
        if (this.failing.has(label)) throw new TerminalTaskError(`${label} is failing`);
        return `${label}:done`;
      },
    };
  }
}

/** Passes its gates in sequence. */
export class GatedSequence extends Workflow {
  private readonly gated = this.newService(Gated);
  async run(labels: string[]): Promise<string[]> {
    const results: string[] = [];
    for (const label of labels) results.push(await this.gated.pass(label));
    return results;
  }
}
