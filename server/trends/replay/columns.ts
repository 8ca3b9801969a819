// Compact per-story records for long replays: a million-item replay meets hundreds of thousands
// of stories, and an object or a Map entry per story would cost more than the figures themselves.

type NumberArray = Int32Array | Float64Array | Uint8Array;

/** A growable typed array. */
export class Column<T extends NumberArray> {
  private data: T;
  private length = 0;
  constructor(private readonly Kind: { new (length: number): T }) {
    this.data = new Kind(1_024);
  }

  get size(): number {
    return this.length;
  }

  push(value: number): void {
    if (this.length === this.data.length) this.grow();
    this.data[this.length++] = value;
  }

  get(index: number): number {
    return this.data[index]!;
  }

  set(index: number, value: number): void {
    this.data[index] = value;
  }

  /** The values pushed so far (a view; pushing more may replace the buffer). */
  get values(): T {
    return this.data.subarray(0, this.length) as T;
  }

  private grow(): void {
    // By half rather than doubling: a column of a million entries would otherwise hold up to
    // twice what it needs, and for a moment three times while it is copied.
    const grown = new this.Kind(this.data.length + (this.data.length >> 1));
    grown.set(this.data as never);
    this.data = grown;
  }
}

/** Strings numbered in order of first appearance. */
export class Interner {
  private readonly numbers = new Map<string, number>();
  private readonly names: string[] = [];

  get size(): number {
    return this.names.length;
  }

  intern(name: string): number {
    let n = this.numbers.get(name);
    if (n === undefined) {
      n = this.names.length;
      this.names.push(name);
      this.numbers.set(name, n);
    }
    return n;
  }

  find(name: string): number | undefined {
    return this.numbers.get(name);
  }

  name(n: number): string {
    return this.names[n]!;
  }
}
