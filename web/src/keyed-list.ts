/**
 * Keeps a list element in step with an ordered array of records, reusing the element of each
 * record that did not change (so hover, focus and text selection survive updates) and
 * rebuilding only the ones whose record object is new.
 */
export class KeyedList<T> {
  private readonly nodes = new Map<string, { record: T; node: HTMLElement }>();

  constructor(
    private readonly container: HTMLElement,
    private readonly keyOf: (record: T) => string,
    private readonly build: (record: T) => HTMLElement,
  ) {}

  /** Show `records` in order; returns the elements of records that were not shown before. */
  render(records: readonly T[]): Map<string, HTMLElement> {
    const added = new Map<string, HTMLElement>();
    const wanted = new Set<string>();
    let cursor: ChildNode | null = this.container.firstChild;
    for (const record of records) {
      const key = this.keyOf(record);
      if (wanted.has(key)) continue;
      wanted.add(key);
      let entry = this.nodes.get(key);
      if (!entry) {
        entry = { record, node: this.build(record) };
        this.nodes.set(key, entry);
        added.set(key, entry.node);
      } else if (entry.record !== record) {
        const node = this.build(record);
        entry.node.replaceWith(node);
        if (cursor === entry.node) cursor = node;
        entry = { record, node };
        this.nodes.set(key, entry);
      }
      if (cursor === entry.node) {
        cursor = cursor.nextSibling;
      } else {
        this.container.insertBefore(entry.node, cursor);
      }
    }
    for (const [key, entry] of this.nodes) {
      if (wanted.has(key)) continue;
      entry.node.remove();
      this.nodes.delete(key);
    }
    return added;
  }

  node(key: string): HTMLElement | undefined {
    return this.nodes.get(key)?.node;
  }

  get size(): number {
    return this.nodes.size;
  }
}

const flashTimers = new WeakMap<HTMLElement, ReturnType<typeof setTimeout>>();

/** Give `node` a brief highlight (restarting it when it is already running). */
export function flash(node: HTMLElement, className: 'is-fresh' | 'is-updated', ms = 2600): void {
  node.classList.remove('is-fresh', 'is-updated');
  void node.offsetWidth; // restart the CSS animation
  node.classList.add(className);
  const previous = flashTimers.get(node);
  if (previous !== undefined) clearTimeout(previous);
  flashTimers.set(
    node,
    setTimeout(() => node.classList.remove(className), ms),
  );
}
