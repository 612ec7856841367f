/**
 * The accounts of the example bank. Each movement is keyed by the task id that made it, so applying the
 * same task twice (a retry after a crash, a duplicated message) moves the money once.
 */
export class Ledger {
  private readonly balances = new Map<string, number>();
  private readonly applied = new Set<string>();
  /** How many times each task id was asked to move money, duplicates included. */
  readonly attempts = new Map<string, number>();

  constructor(opening: Record<string, number>) {
    for (const [account, balance] of Object.entries(opening)) this.balances.set(account, balance);
  }

  move(taskId: string, account: string, delta: number): void {
    this.attempts.set(taskId, (this.attempts.get(taskId) ?? 0) + 1);
    if (this.applied.has(taskId)) return;
    const balance = this.balances.get(account);
    if (balance === undefined) throw new Error(`unknown account ${account}`);
    this.balances.set(account, balance + delta);
    this.applied.add(taskId);
  }

  balance(account: string): number {
    return this.balances.get(account) ?? 0;
  }

  total(): number {
    return [...this.balances.values()].reduce((sum, b) => sum + b, 0);
  }

  snapshot(): Record<string, number> {
    return Object.fromEntries(this.balances);
  }

  /** Task ids whose movement was applied. */
  appliedTasks(): number {
    return this.applied.size;
  }
}
