/**
 * A bounded FIFO queue between producers and consumers, with an explicit overflow policy.
 */
import { type Clock, systemClock } from '../clock.js';
import { CapacityExceededError, ClosedError, InvalidArgumentError } from '../errors.js';
import {
  checkClock,
  checkOptions,
  checkPositiveInt,
  checkWait,
  rejectOnThrow,
  type WaitOptions,
} from './options.js';
import { abortedAlready, Pending } from './pending.js';
import { WaitList } from './waitList.js';

/** What `send` does when the mailbox is full. */
export type OverflowPolicy = 'drop-newest' | 'drop-oldest' | 'reject' | 'wait';

/** Options of {@link Mailbox}. */
export interface MailboxOptions {
  /** Most items buffered (positive integer). Never exceeded, in any mode. */
  readonly capacity: number;
  /**
   * When full: `'wait'` (default) queues the sender until there is room; `'reject'` rejects the
   * send with `CapacityExceededError`; `'drop-newest'` discards the new item; `'drop-oldest'`
   * discards the oldest buffered item. Drops are counted in `dropped`.
   */
  readonly overflow?: OverflowPolicy | undefined;
  /** In `'wait'` mode, most senders waiting at once (default 1,024); beyond it `send` rejects. */
  readonly maxWaitingSenders?: number | undefined;
  /** Clock for `timeoutMs` (default `systemClock`). */
  readonly clock?: Clock | undefined;
}

interface Sender<T> {
  readonly item: T;
  readonly pending: Pending<boolean>;
}

const POLICIES: readonly OverflowPolicy[] = ['drop-newest', 'drop-oldest', 'reject', 'wait'];

/**
 * A bounded mailbox.
 *
 * Guarantees:
 * - `size` never exceeds `capacity`, whatever the producer does; waiting senders are bounded by
 *   `maxWaitingSenders`. Memory is bounded.
 * - Items are received in the order they were accepted; receivers are served FIFO.
 * - Every dropped item is counted (`dropped`); refused sends are counted (`rejected`).
 * - Waits (`send` in `'wait'` mode, `receive`) are cancellable by `signal` and `timeoutMs`; a
 *   cancelled sender's item is not delivered.
 * - `close()` refuses new sends, rejects waiting senders and receivers with `ClosedError`, and
 *   lets consumers drain what is buffered; async iteration ends after the last item.
 *
 * @throws InvalidArgumentError / OutOfRangeError for bad options.
 * @example
 * const inbox = new Mailbox<Job>({ capacity: 100, overflow: 'drop-oldest' });
 * void inbox.send(job);
 * for await (const job of inbox) await handle(job);
 */
export class Mailbox<T> {
  readonly #capacity: number;
  readonly #overflow: OverflowPolicy;
  readonly #maxWaitingSenders: number;
  readonly #clock: Clock;
  readonly #buffer = new WaitList<T>();
  readonly #senders = new WaitList<Sender<T>>();
  readonly #receivers = new WaitList<Pending<T>>();
  #dropped = 0;
  #rejected = 0;
  #closed = false;

  constructor(options: MailboxOptions) {
    const o = checkOptions('options', options);
    this.#capacity = checkPositiveInt('options.capacity', o.capacity);
    const overflow = o.overflow ?? 'wait';
    if (!POLICIES.includes(overflow as OverflowPolicy)) {
      throw new InvalidArgumentError('options.overflow', `must be one of ${POLICIES.join(', ')}`);
    }
    this.#overflow = overflow as OverflowPolicy;
    this.#maxWaitingSenders =
      o.maxWaitingSenders === undefined
        ? 1024
        : checkPositiveInt('options.maxWaitingSenders', o.maxWaitingSenders);
    checkClock('options.clock', o.clock);
    this.#clock = (o.clock as Clock | undefined) ?? systemClock;
  }

  /** The configured capacity. */
  get capacity(): number {
    return this.#capacity;
  }

  /** Items buffered now (<= capacity). */
  get size(): number {
    return this.#buffer.size;
  }

  /** Items discarded by `'drop-newest'` / `'drop-oldest'`. */
  get dropped(): number {
    return this.#dropped;
  }

  /** Sends refused because the mailbox was full (`'reject'`, or too many waiting senders). */
  get rejected(): number {
    return this.#rejected;
  }

  /** Senders waiting for room (`'wait'` mode). */
  get waitingSenders(): number {
    return this.#senders.size;
  }

  /** Receivers waiting for an item. */
  get waitingReceivers(): number {
    return this.#receivers.size;
  }

  /** True after `close()`. */
  get closed(): boolean {
    return this.#closed;
  }

  /**
   * Offers `item`. The decision is taken synchronously, in call order. Resolves `true` when the
   * item was accepted (buffered or handed to a receiver), `false` when `'drop-newest'` discarded
   * it.
   * @throws (rejects) ClosedError after `close()`; CapacityExceededError when full in `'reject'`
   * mode or when `maxWaitingSenders` are already waiting; AbortedError / TimeoutError when a
   * waiting send gives up (the item is then not delivered).
   * @example
   * await inbox.send(event, { timeoutMs: 100 });
   */
  send(item: T, options?: WaitOptions): Promise<boolean> {
    return rejectOnThrow(() => {
      const wait = checkWait(options);
      if (wait.signal?.aborted) return abortedAlready('mailbox', wait.signal);
      if (this.#closed) throw new ClosedError('mailbox');
      const receiver = this.#receivers.shift();
      if (receiver !== undefined) {
        receiver.grant(item);
        return Promise.resolve(true);
      }
      if (this.#buffer.size < this.#capacity) {
        this.#buffer.push(item);
        return Promise.resolve(true);
      }
      switch (this.#overflow) {
        case 'drop-newest':
          this.#dropped++;
          return Promise.resolve(false);
        case 'drop-oldest':
          this.#buffer.shift();
          this.#dropped++;
          this.#buffer.push(item);
          return Promise.resolve(true);
        case 'reject':
          this.#rejected++;
          throw new CapacityExceededError('mailbox', this.#capacity);
        case 'wait': {
          if (this.#senders.size >= this.#maxWaitingSenders) {
            this.#rejected++;
            throw new CapacityExceededError('mailbox waiting senders', this.#maxWaitingSenders);
          }
          const pending = new Pending<boolean>();
          const node = this.#senders.push({ item, pending });
          pending.arm(wait, this.#clock, 'mailbox send', () => this.#senders.remove(node));
          return pending.promise;
        }
      }
    });
  }

  /**
   * Takes the oldest item, waiting for one if the mailbox is empty.
   * @throws (rejects) ClosedError when closed and empty; AbortedError / TimeoutError when the
   * wait gives up.
   * @example
   * const job = await inbox.receive({ signal });
   */
  receive(options?: WaitOptions): Promise<T> {
    return rejectOnThrow(() => {
      const wait = checkWait(options);
      if (wait.signal?.aborted) return abortedAlready('mailbox', wait.signal);
      if (this.#buffer.size > 0) {
        const item = this.#buffer.shift() as T;
        this.#admitSender();
        return Promise.resolve(item);
      }
      if (this.#closed) throw new ClosedError('mailbox');
      const pending = new Pending<T>();
      const node = this.#receivers.push(pending);
      pending.arm(wait, this.#clock, 'mailbox receive', () => this.#receivers.remove(node));
      return pending.promise;
    });
  }

  /**
   * Refuses further sends; rejects waiting senders and receivers with `ClosedError`. Buffered
   * items stay receivable. Idempotent.
   * @example
   * inbox.close(); // consumers finish the backlog, then their loops end
   */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const s of this.#senders.drain()) s.pending.fail(new ClosedError('mailbox'));
    for (const r of this.#receivers.drain()) r.fail(new ClosedError('mailbox'));
  }

  /**
   * Yields items until the mailbox is closed and drained.
   * @example
   * for await (const msg of inbox) handle(msg);
   */
  async *[Symbol.asyncIterator](): AsyncGenerator<T, void, undefined> {
    for (;;) {
      let item: T;
      try {
        item = await this.receive();
      } catch (error) {
        if (error instanceof ClosedError) return;
        throw error;
      }
      yield item;
    }
  }

  #admitSender(): void {
    const sender = this.#senders.shift();
    if (sender === undefined) return;
    this.#buffer.push(sender.item);
    sender.pending.grant(true);
  }
}
