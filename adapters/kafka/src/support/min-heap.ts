/** A binary min-heap ordered by a numeric priority (smallest first). */
export class MinHeap<T> {
  private readonly items: Array<{ priority: number; value: T }> = [];

  get size(): number {
    return this.items.length;
  }

  push(priority: number, value: T): void {
    this.items.push({ priority, value });
    let i = this.items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.items[parent]!.priority <= this.items[i]!.priority) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  /** The smallest priority, or undefined when empty. */
  peekPriority(): number | undefined {
    return this.items[0]?.priority;
  }

  pop(): T | undefined {
    const top = this.items[0];
    const last = this.items.pop();
    if (top === undefined || last === undefined) return undefined;
    if (this.items.length > 0) {
      this.items[0] = last;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let smallest = i;
        if (left < this.items.length && this.items[left]!.priority < this.items[smallest]!.priority) smallest = left;
        if (right < this.items.length && this.items[right]!.priority < this.items[smallest]!.priority) smallest = right;
        if (smallest === i) break;
        this.swap(i, smallest);
        i = smallest;
      }
    }
    return top.value;
  }

  clear(): void {
    this.items.length = 0;
  }

  private swap(a: number, b: number): void {
    const tmp = this.items[a]!;
    this.items[a] = this.items[b]!;
    this.items[b] = tmp;
  }
}
