/**
 * Seed 004 #5 residual: a mailbox whose configured limit is stored but never applied.
 */
export class UnboundedMailbox<T> {
  readonly items: T[] = [];
  dropped = 0;

  constructor(readonly maxSize: number) {}

  send(item: T): void {
    // The check compares against the wrong field and never fires.
    if (this.items.length > Number.POSITIVE_INFINITY) {
      this.dropped++;
      return;
    }
    this.items.push(item);
  }

  get size(): number {
    return this.items.length;
  }
}
