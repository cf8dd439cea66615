/**
 * A FIFO list with O(1) removal of any entry, so a waiter that times out or is aborted leaves
 * the queue synchronously (no phantom waiters). Internal to `sync/`.
 */

/** A handle to one entry; `remove` uses it to unlink in O(1). */
export interface WaitNode<T> {
  readonly value: T;
  prev: WaitNode<T> | undefined;
  next: WaitNode<T> | undefined;
  linked: boolean;
}

/** Doubly linked FIFO list. */
export class WaitList<T> {
  #head: WaitNode<T> | undefined;
  #tail: WaitNode<T> | undefined;
  #size = 0;

  get size(): number {
    return this.#size;
  }

  /** Appends `value` at the tail. */
  push(value: T): WaitNode<T> {
    const node: WaitNode<T> = { value, prev: this.#tail, next: undefined, linked: true };
    if (this.#tail) this.#tail.next = node;
    else this.#head = node;
    this.#tail = node;
    this.#size++;
    return node;
  }

  /** The value at the head, without removing it. */
  peek(): T | undefined {
    return this.#head?.value;
  }

  /** Removes and returns the value at the head. */
  shift(): T | undefined {
    const node = this.#head;
    if (node === undefined) return undefined;
    this.remove(node);
    return node.value;
  }

  /** Unlinks `node`; false when it was already removed. */
  remove(node: WaitNode<T>): boolean {
    if (!node.linked) return false;
    node.linked = false;
    if (node.prev) node.prev.next = node.next;
    else this.#head = node.next;
    if (node.next) node.next.prev = node.prev;
    else this.#tail = node.prev;
    node.prev = undefined;
    node.next = undefined;
    this.#size--;
    return true;
  }

  /** Removes every entry and returns them in FIFO order. */
  drain(): T[] {
    const out = this.values();
    for (let n = this.#head; n; n = this.#head) this.remove(n);
    return out;
  }

  /** Nodes in FIFO order (a snapshot, safe to remove from while iterating). */
  nodes(): WaitNode<T>[] {
    const out: WaitNode<T>[] = [];
    for (let n = this.#head; n; n = n.next) out.push(n);
    return out;
  }

  /** Values in FIFO order (a snapshot). */
  values(): T[] {
    const out: T[] = [];
    for (let n = this.#head; n; n = n.next) out.push(n.value);
    return out;
  }
}
