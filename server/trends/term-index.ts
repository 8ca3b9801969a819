/**
 * The inverted index from term id to the serials of the stories that took the term lately, most
 * recent last, each list capped.
 *
 * Every item looks up the lists of its rarest terms, and a Map<number, number[]> answers each
 * lookup through a hash of the id in the runtime; interned term ids are small and dense, so an
 * array indexed by the id finds the list with one read.
 */
export class TermIndex {
  /** Term id → its list (undefined: none; a list is never left empty). */
  private lists: Array<number[] | undefined> = [];

  /** The serials listed under a term, oldest first; undefined when none. */
  get(id: number): readonly number[] | undefined {
    return this.lists[id];
  }

  /**
   * Puts a serial last in a term's list (moving it there if listed already), and drops the
   * oldest when the list is longer than `cap`: the lists keep the stories active lately.
   */
  refresh(id: number, serial: number, cap: number): void {
    while (this.lists.length <= id) this.lists.push(undefined);
    let list = this.lists[id];
    if (!list) {
      list = [];
      this.lists[id] = list;
    }
    const at = list.lastIndexOf(serial);
    if (at === list.length - 1 && at >= 0) return;
    if (at >= 0) list.splice(at, 1);
    list.push(serial);
    if (list.length > cap) list.shift();
  }

  /** Takes a serial out of a term's list (a forgotten story). */
  remove(id: number, serial: number): void {
    const list = this.lists[id];
    if (!list) return;
    const at = list.indexOf(serial);
    if (at >= 0) list.splice(at, 1);
    if (list.length === 0) this.lists[id] = undefined;
  }

  /** Forgets a term's list. */
  delete(id: number): void {
    if (id < this.lists.length) this.lists[id] = undefined;
  }

  /** The ids holding a list, ascending. */
  ids(): number[] {
    const ids: number[] = [];
    for (let id = 0; id < this.lists.length; id++) if (this.lists[id]) ids.push(id);
    return ids;
  }

  /** The same lists under new ids (`remap[id]` for every id holding one). */
  renumbered(remap: Int32Array): TermIndex {
    const next = new TermIndex();
    for (let id = 0; id < this.lists.length; id++) {
      const list = this.lists[id];
      if (!list) continue;
      const to = remap[id]!;
      while (next.lists.length <= to) next.lists.push(undefined);
      next.lists[to] = list;
    }
    return next;
  }
}
