/**
 * A binary min-heap of expiry times: lets a store reclaim expired entries without a timer per
 * key. Items can go stale (the entry was rewritten or deleted); the owner checks each popped item
 * and calls {@link ExpiryHeap.rebuild} when stale items pile up, so memory stays O(live entries).
 */
export interface ExpiryItem<T> {
  readonly at: number;
  readonly ref: T;
}

export class ExpiryHeap<T> {
  #items: ExpiryItem<T>[] = [];

  get length(): number {
    return this.#items.length;
  }

  /** Earliest expiry time, or Infinity when empty. */
  peekAt(): number {
    return this.#items[0]?.at ?? Number.POSITIVE_INFINITY;
  }

  push(item: ExpiryItem<T>): void {
    const a = this.#items;
    a.push(item);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (a[p]!.at <= item.at) break;
      a[i] = a[p]!;
      i = p;
    }
    a[i] = item;
  }

  pop(): ExpiryItem<T> | undefined {
    const a = this.#items;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last !== undefined) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= a.length) break;
        const r = l + 1;
        const c = r < a.length && a[r]!.at < a[l]!.at ? r : l;
        if (a[c]!.at >= last.at) break;
        a[i] = a[c]!;
        i = c;
      }
      a[i] = last;
    }
    return top;
  }

  /** Replaces the contents with `items` (used to drop stale items). */
  rebuild(items: ExpiryItem<T>[]): void {
    this.#items = [];
    for (const item of items) this.push(item);
  }

  clear(): void {
    this.#items = [];
  }
}
