/**
 * The bytes read from a socket and not yet cut into frames, kept as the chunks they arrived in. A frame is
 * joined once, when all of it is there, so reassembling a frame of n bytes copies at most n bytes however
 * small the chunks (joining on every chunk copies O(n²)).
 */
export class ChunkQueue {
  private chunks: Buffer[] = [];
  private size = 0;

  /** Bytes held. */
  get length(): number {
    return this.size;
  }

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.size += chunk.length;
  }

  /** The big-endian u32 at the front; the caller checks that 4 bytes are held. */
  peekUInt32BE(): number {
    const head = this.chunks[0]!;
    if (head.length >= 4) return head.readUInt32BE(0);
    let value = 0;
    let chunk = 0;
    let at = 0;
    for (let i = 0; i < 4; i++) {
      while (at === this.chunks[chunk]!.length) {
        chunk++;
        at = 0;
      }
      value = value * 256 + this.chunks[chunk]![at++]!;
    }
    return value;
  }

  /** Removes and returns the first `n` bytes (n ≤ length): a view when they lie in one chunk, else one copy. */
  take(n: number): Buffer {
    const head = this.chunks[0]!;
    this.size -= n;
    if (head.length >= n) {
      if (head.length === n) this.chunks.shift();
      else this.chunks[0] = head.subarray(n);
      return head.subarray(0, n);
    }
    const parts: Buffer[] = [];
    let missing = n;
    let used = 0;
    while (missing > 0) {
      const chunk = this.chunks[used]!;
      if (chunk.length > missing) {
        parts.push(chunk.subarray(0, missing));
        this.chunks[used] = chunk.subarray(missing);
        missing = 0;
      } else {
        parts.push(chunk);
        missing -= chunk.length;
        used++;
      }
    }
    this.chunks = this.chunks.slice(used);
    return Buffer.concat(parts, n);
  }
}
