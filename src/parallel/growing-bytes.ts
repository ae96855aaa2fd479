/**
 * Bytes written into one growing buffer outside the JavaScript heap: worker
 * threads write rows here (a row is encoded as it is written; a small string
 * flattens cheaply, a batch joined first does not), then hand them to the main
 * thread in memory shared with it, or move the buffer there.
 */
export class GrowingBytes {
  private buffer: Buffer;
  used = 0;

  /** Starts in a buffer of its own of this size, or in the given memory (left for a new buffer if it fills). */
  constructor(start: number | Buffer = 1 << 20) {
    this.buffer = typeof start === "number" ? Buffer.allocUnsafeSlow(start) : start;
  }

  /** Whether everything written is still in this memory (the one given at the start, say). */
  isIn(memory: Buffer): boolean {
    return this.buffer === memory;
  }

  write(text: string): void {
    this.reserve(text.length * 3);
    this.used += this.buffer.write(text, this.used);
  }

  /** Appends bytes [start, end) of another buffer. */
  copy(from: GrowingBytes, start: number, end: number): void {
    this.reserve(end - start);
    this.used += from.buffer.copy(this.buffer, this.used, start, end);
  }

  /** The bytes written, and the memory to transfer with them. */
  take(): { bytes: Uint8Array; transfer: ArrayBuffer } {
    return { bytes: new Uint8Array(this.buffer.buffer, 0, this.used), transfer: this.buffer.buffer as ArrayBuffer };
  }

  private reserve(bytes: number): void {
    if (this.used + bytes <= this.buffer.length) return;
    const grown = Buffer.allocUnsafeSlow(Math.max(this.buffer.length * 2, this.used + bytes));
    this.buffer.copy(grown, 0, 0, this.used);
    this.buffer = grown;
  }
}
