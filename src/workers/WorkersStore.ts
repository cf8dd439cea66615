/**
 * The workers store: the store contract on one SharedArrayBuffer, shared by worker threads.
 *
 * Concurrency design (see layout.ts for the cells):
 *
 * 1. **Lock-free single-key steps.** Every entry lives in one slot whose 64-bit word `W` is the
 *    only cell that ever changes its value: an inline integer (counters without TTL: no
 *    allocation), or a reference to an immutable value block (JSON bytes + expiry) plus a
 *    version. A single-key operation on a key that already has a slot reads the word (and the
 *    block, validated by re-reading the word), computes the next state with the same pure
 *    functions as the memory store (applyCounterOps, decideLimits, breakerStep, ...), writes a
 *    fresh block if needed, and publishes with ONE `Atomics.compareExchange` on the word; on
 *    failure it retries. It holds nothing, so a worker terminated at any instruction leaves no
 *    lock behind (at worst one unreachable block, see below). Deletes are the same CAS
 *    (live → DEAD). These steps are: get, take, delete, compareAndDelete, compareAndSet /
 *    updateCounter / updateFields / set / rateLimit (one item) / breaker on a live key.
 *
 * 2. **A write transaction for everything else.** Creating an entry (it may bind a slot and
 *    counts against capacity), multi-key steps (setMany, insertNewMany, multi-item rateLimit),
 *    clear, selectDelete, size, capacity checks and LRU eviction run under the store's write
 *    lock `L`, taken by CAS with the owner's registry index and a sequence number (never
 *    load-then-store). Inside, each slot the step reads or writes is itself locked by CAS
 *    (word → LOCKED(seq)) after saving the old word in `SAV`, so lock-free steps on it wait
 *    instead of interleaving (two-phase locking: the step is isolated). New words are staged in
 *    `PEN`; the transaction commits by CASing `L` from ACTIVE to COMMITTED, then publishes each
 *    slot (LOCKED → PEN) and releases `L`. Slots are bound to keys only under `L`, so a key is
 *    in at most one slot; a slot's binding generation (in the word and in META) makes stale
 *    CASes and torn key reads detectable.
 *
 * 3. **Recovery.** Each store instance registers a heartbeat cell (every deadAfterMs / 4, on a
 *    real-time clock, unref'd). A thread that finds `L` held by an owner whose heartbeat is
 *    older than `deadAfterMs` takes the lock over by CAS (keeping its sequence and phase) and
 *    finishes that transaction: ACTIVE → every LOCKED(seq) slot goes back to its saved word
 *    (discarded, never half applied); COMMITTED → every slot gets its staged word (completed).
 *    Then it releases `L`. A terminated worker can therefore block others for at most
 *    `deadAfterMs`. Lost value blocks: a worker terminated between allocating a block and
 *    publishing (or freeing the replaced one) leaks that block; the pool has
 *    2 × maxEntries + 2 × maxThreads + 16 blocks.
 *
 * Waiting never blocks an event loop: contended steps spin once, then `await`
 * `Atomics.waitAsync` on a notify cell (bumped on every release) with a 2 ms timeout.
 *
 * 4. **Synchronous steps.** Every table operation is built as an attempt (input encoded and
 *    checked first) that the async method runs with #run and the synchronous step registered for
 *    `Table#sync` (src/store/sync.ts) runs with #runSync, so both are the same step. A sync step
 *    cannot await: while a live thread holds what it needs it retries for at most SYNC_WAIT_MS
 *    (50 ms) — spinning on the main thread, `Atomics.wait` on the notify cell in a worker — and
 *    then throws ContentionError, having written nothing. Each retry checks the holder's
 *    heartbeat, so a holder dead for deadAfterMs is taken over (recovery, as above) by the sync
 *    step itself.
 *
 * 5. **Counter fast path.** `updateCounter` with one plain increment of an inline integer skips
 *    key encoding, lookup and clock: each instance remembers (per table and key) the slot, its
 *    META cell and the last word it saw, and increments with one CAS of that word (+ incr << 10).
 *    The META load proves the slot still holds the key's binding (every binding changes META); the
 *    CAS proves the word is still an inline integer of that generation (a deleted, locked,
 *    re-valued-with-TTL or rebound slot fails it). Anything else falls back to the generic step.
 */
import { isMainThread } from 'node:worker_threads';
import { breakerStep } from '../breaker/transitions.js';
import { type Clock, systemClock } from '../clock.js';
import { type Data, type DataObject, dataEquals, isDataObject, setField } from '../data.js';
import {
  CapacityExceededError,
  ContentionError,
  InvalidArgumentError,
  NotFoundError,
  OutOfRangeError,
  StoreUnavailableError,
  WrongTypeError,
} from '../errors.js';
import { publishTableEvent, type TableEvent } from '../events.js';
import { decodeKey } from '../keys.js';
import { decideLimits } from '../limit/decide.js';
import type {
  BreakerCommand,
  BreakerReply,
  BreakerRule,
  CounterOp,
  CreateOptions,
  LimitRequest,
  LimitResponse,
  Limits,
  ScanPage,
  Spec,
  Store,
  StoreEntry,
  WriteItem,
} from '../store/contract.js';
import { applyCounterOps } from '../store/counter.js';
import { matchSpec } from '../store/spec.js';
import { registerSyncSteps, type SyncSteps } from '../store/sync.js';
import {
  blockOf,
  blockRef,
  blockWord,
  deadWord,
  EMPTY,
  fnv1a,
  genOf,
  geometry,
  H_COUNT,
  H_FREE,
  H_LOCK,
  H_MAGIC,
  H_RECOVERIES,
  H_TIME,
  H_USE,
  intDelta,
  intOf,
  intWord,
  isBinding,
  isInt,
  isLive,
  isLocked,
  type LayoutParams,
  LOW_MASK,
  lockCell,
  lockedWord,
  lockSeqOf,
  MAGIC,
  META_VALID,
  N_NOTIFY,
  nextMeta,
  ownerOf,
  P_ACTIVE,
  P_COMMITTED,
  P_FREE,
  phaseOf,
  SEQ_MASK,
  seqOf,
  T_BLOCK,
  T_DEAD,
  T_TOMB,
  TOMB,
  tagOf,
  type Views,
  views,
} from './layout.js';

/** Options of {@link WorkersStore.create}. */
export interface WorkersStoreOptions {
  /** Most live entries the whole store holds (all tables). Required; at most 4,000,000. */
  readonly maxEntries: number;
  /** Most bytes of one key: UTF-8 table name + encoded key + 2. Default 256. */
  readonly maxKeyBytes?: number;
  /** Most bytes of one value as JSON (UTF-8). Default 4,096. */
  readonly maxValueBytes?: number;
  /** Most store instances (threads) attached at once. Default 64, at most 1,000. */
  readonly maxThreads?: number;
  /**
   * A thread whose heartbeat is older than this is dead: a write lock it holds is taken over
   * and its half-done step discarded (or finished if it had committed). Default 1,000 ms.
   */
  readonly deadAfterMs?: number;
  /** TTL clock of this instance. Default systemClock (comparable across threads). */
  readonly clock?: Clock;
}

/** Options of {@link WorkersStore.attach}. */
export interface AttachOptions {
  /** TTL clock of this instance. Default systemClock. */
  readonly clock?: Clock;
}

/**
 * A structured-clonable description of a store: pass it through `workerData` or `postMessage`
 * and call {@link WorkersStore.attach} on the other side.
 */
export interface WorkersStoreHandle {
  readonly kind: 'raceless/workers';
  readonly version: 1;
  readonly buffer: SharedArrayBuffer;
  readonly maxEntries: number;
  readonly maxKeyBytes: number;
  readonly maxValueBytes: number;
  readonly maxThreads: number;
  readonly deadAfterMs: number;
}

/** Diagnostics of a workers store (a lock-free walk: approximate under concurrent writes). */
export interface WorkersStoreStats {
  /** Live (unexpired-or-not) entries found in the slots. */
  readonly entries: number;
  /** Slots currently locked by a write step (0 when the store is quiet). */
  readonly lockedSlots: number;
  /** Live entries whose value is in a block (the others are inline integers). */
  readonly valueBlocks: number;
  /** Value blocks on the free list, of `blocks`. */
  readonly freeBlocks: number;
  readonly blocks: number;
  readonly slots: number;
  /** Attached instances whose heartbeat is fresh. */
  readonly threads: number;
  /** Write locks taken over from dead threads, by any instance, since creation. */
  readonly recoveries: number;
}

interface Cur {
  readonly value: Data;
  readonly expiresAt: number;
}

type Write = { readonly value: Data; readonly expiresAt: number } | 'delete' | undefined;

interface Outcome<T> {
  readonly result: T;
  readonly write?: Write;
}

/** One single-key decision, a pure function of the current entry (may run more than once). */
type Step<T> = (cur: Cur | undefined, now: number) => Outcome<T>;

/** An encoded key: table prefix (2-byte length + UTF-8 name) followed by the encoded key. */
interface KeyRef {
  readonly table: string;
  readonly bytes: Buffer;
  readonly hash: number;
  readonly tableBytes: Buffer;
  readonly tableHash: number;
}

interface TxSlot {
  readonly slot: number;
  readonly old: bigint;
  readonly binding: boolean;
  readonly key: KeyRef | undefined;
  next: bigint | undefined;
  newBlock: number;
  metaWritten: boolean;
}

class Tx {
  readonly entries = new Map<number, TxSlot>();
  readonly events: TableEvent[] = [];
  sweep = false;
  constructor(
    readonly seq: number,
    readonly cell: bigint,
  ) {}
}

const WAIT = Symbol('wait');

/** One try of an operation: its result, or WAIT when a live thread holds what it needs. */
type Attempt<T> = () => T | typeof WAIT;

/**
 * @internal How long a synchronous step waits for another live thread's write section before it throws
 * ContentionError. Sections last microseconds (one key) to a few milliseconds (a scan of a large
 * store); 50 ms covers those and a GC pause, and bounds how long the main thread's event loop
 * can stall in a spin.
 */
export const SYNC_WAIT_MS = 50;

/** Most counters a store instance remembers the slot of (then it forgets them all). */
const COUNTER_CACHE = 4_096;

/** Where a counter was found: see WorkersStore#increment. */
interface CounterSlot {
  readonly table: string;
  readonly key: string;
  readonly slot: number;
  /** The slot's META cell then (generation, valid bit, binding stamp). */
  readonly meta: number;
  /** Index of its last seen word in WorkersStore#words. */
  readonly at: number;
  /** The value of that word. */
  value: number;
}
const NEED_LOCK = Symbol('need-lock');
const RETRY = Symbol('retry');
const FOUND = 1;
const ABSENT = 0;
const BLOCKED = -1;

/** `Atomics.waitAsync` (ES2024; Node >= 16), typed here because the project's lib is ES2023. */
const waitAsync = (
  Atomics as unknown as {
    waitAsync(
      a: Int32Array,
      i: number,
      v: number,
      t: number,
    ): { async: false; value: string } | { async: true; value: Promise<string> };
  }
).waitAsync;

const realNow = () => Math.floor(performance.timeOrigin + performance.now());

function positiveInt(v: unknown, argument: string, max: number): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1 || v > max) {
    throw new OutOfRangeError(argument, `must be an integer from 1 to ${max}, got ${String(v)}`);
  }
  return v;
}

function expiry(now: number, ttlMs: number | undefined): number {
  return ttlMs === undefined ? Number.POSITIVE_INFINITY : now + ttlMs;
}

/**
 * The store contract on one SharedArrayBuffer: every method one atomic step across all threads
 * attached to the buffer. Create it once, pass {@link WorkersStore.handle} to workers, attach
 * there. Capacity is fixed at creation.
 * @example
 * const store = WorkersStore.create({ maxEntries: 10_000 });
 * new Worker(url, { workerData: store.handle }); // in the worker: WorkersStore.attach(workerData)
 */
export class WorkersStore implements Store {
  readonly backend = 'workers';
  /** Pass this to other threads; {@link WorkersStore.attach} turns it back into a store. */
  readonly handle: WorkersStoreHandle;
  readonly #v: Views;
  /** `#v.W` and `#v.META`, one hop closer for the counter fast path. */
  readonly #W: BigUint64Array;
  readonly #META: Int32Array;
  readonly #p: LayoutParams;
  readonly #clock: Clock;
  readonly #deadAfterMs: number;
  readonly #me: number;
  readonly #tables = new Map<string, { bytes: Buffer; hash: number }>();
  #beat: ReturnType<typeof setInterval> | undefined;
  #closed = false;
  #sinceSweep = 0;
  /** Synchronous calls (a heartbeat every 1,024: a thread in a long sync loop stays alive). */
  #calls = 0;

  private constructor(handle: WorkersStoreHandle, clock: Clock, fresh: boolean) {
    this.handle = handle;
    this.#p = handle;
    this.#clock = clock;
    this.#deadAfterMs = handle.deadAfterMs;
    this.#v = views(handle.buffer, handle);
    this.#W = this.#v.W;
    this.#META = this.#v.META;
    const v = this.#v;
    if (fresh) {
      for (let b = 0; b < v.blocks; b++) v.BNEXT[b] = b + 1 < v.blocks ? b + 2 : 0;
      Atomics.store(v.hdr, H_FREE, 1n);
      Atomics.store(v.hdr, H_MAGIC, MAGIC);
    } else if (Atomics.load(v.hdr, H_MAGIC) !== MAGIC) {
      throw new InvalidArgumentError('handle', 'the buffer is not a workers store');
    }
    this.#me = this.#register();
    this.#beat = setInterval(() => this.#heartbeat(), Math.max(5, this.#deadAfterMs / 4));
    this.#beat.unref?.();
    if (new.target === WorkersStore) registerSyncSteps(this, this.#syncSteps());
  }

  /**
   * Creates a store with fixed capacity in a new SharedArrayBuffer.
   * @throws OutOfRangeError naming the option when a size is not a positive integer in range.
   * @example
   * const store = WorkersStore.create({ maxEntries: 4_096, maxKeyBytes: 256, maxValueBytes: 4_096 });
   */
  static create(options: WorkersStoreOptions): WorkersStore {
    if (typeof options !== 'object' || options === null) {
      throw new InvalidArgumentError('options', 'must be an object');
    }
    const maxEntries = positiveInt(options.maxEntries, 'options.maxEntries', 4_000_000);
    const maxKeyBytes = positiveInt(options.maxKeyBytes ?? 256, 'options.maxKeyBytes', 65_535);
    const maxValueBytes = positiveInt(
      options.maxValueBytes ?? 4_096,
      'options.maxValueBytes',
      16 * 1024 * 1024,
    );
    const maxThreads = positiveInt(options.maxThreads ?? 64, 'options.maxThreads', 1_000);
    const deadAfterMs = positiveInt(options.deadAfterMs ?? 1_000, 'options.deadAfterMs', 3_600_000);
    const params = { maxEntries, maxKeyBytes, maxValueBytes, maxThreads };
    const { bytes } = geometry(params);
    const handle: WorkersStoreHandle = {
      kind: 'raceless/workers',
      version: 1,
      buffer: new SharedArrayBuffer(bytes),
      ...params,
      deadAfterMs,
    };
    return new WorkersStore(handle, options.clock ?? systemClock, true);
  }

  /**
   * Attaches to a store created in another thread (or this one) from its handle.
   * @throws InvalidArgumentError (argument `handle`) when it is not a workers store handle;
   * CapacityExceededError when `maxThreads` instances are already attached.
   * @example
   * const store = WorkersStore.attach(workerData);
   */
  static attach(handle: WorkersStoreHandle, options: AttachOptions = {}): WorkersStore {
    if (
      typeof handle !== 'object' ||
      handle === null ||
      handle.kind !== 'raceless/workers' ||
      handle.version !== 1 ||
      !(handle.buffer instanceof SharedArrayBuffer) ||
      handle.buffer.byteLength !== geometry(handle).bytes
    ) {
      throw new InvalidArgumentError('handle', 'expected a WorkersStore handle');
    }
    return new WorkersStore(handle, options.clock ?? systemClock, false);
  }

  // ------------------------------------------------------------------------------------------
  // Thread registry and liveness.

  #register(): number {
    const reg = this.#v.reg;
    const now = realNow();
    for (let r = 0; r < reg.length; r++) {
      const hb = Atomics.load(reg, r);
      const free = hb === 0n || now - Number(hb) > 10 * this.#deadAfterMs;
      if (free && Atomics.compareExchange(reg, r, hb, BigInt(now)) === hb) return r;
    }
    throw new CapacityExceededError('workers store threads', reg.length);
  }

  #heartbeat(): void {
    if (!this.#closed) Atomics.store(this.#v.reg, this.#me, BigInt(realNow()));
  }

  #alive(r: number): boolean {
    if (r === this.#me) return !this.#closed;
    if (r < 0 || r >= this.#v.reg.length) return false;
    const hb = Atomics.load(this.#v.reg, r);
    return hb !== 0n && realNow() - Number(hb) < this.#deadAfterMs;
  }

  /**
   * Detaches this instance: stops its heartbeat and frees its registry cell. Other instances
   * (and the data) are unaffected. Idempotent.
   * @example
   * store.close();
   */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#beat !== undefined) clearInterval(this.#beat);
    this.#beat = undefined;
    Atomics.store(this.#v.reg, this.#me, 0n);
  }

  /** Same as {@link WorkersStore.close}. */
  async [Symbol.asyncDispose](): Promise<void> {
    this.close();
  }

  #open(): void {
    if (this.#closed) throw new StoreUnavailableError('this WorkersStore instance is closed');
  }

  /**
   * A lock-free walk over every slot, for tests and metrics.
   * @example
   * store.stats() // { entries: 3, lockedSlots: 0, freeBlocks: 8, ... }
   */
  stats(): WorkersStoreStats {
    const v = this.#v;
    let entries = 0;
    let locked = 0;
    let valueBlocks = 0;
    for (let i = 0; i < v.slots; i++) {
      const w = Atomics.load(v.W, i);
      if (isLive(w)) entries++;
      else if (isLocked(w)) locked++;
      if (tagOf(w) === T_BLOCK) valueBlocks++;
    }
    let free = 0;
    let b = Number(Atomics.load(v.hdr, H_FREE) & 0xffff_ffffn) - 1;
    while (b >= 0 && free <= v.blocks) {
      free++;
      b = Atomics.load(v.BNEXT, b) - 1;
    }
    let threads = 0;
    for (let r = 0; r < v.reg.length; r++) if (this.#alive(r)) threads++;
    return {
      entries,
      lockedSlots: locked,
      valueBlocks,
      freeBlocks: free,
      blocks: v.blocks,
      slots: v.slots,
      threads,
      recoveries: Number(Atomics.load(v.hdr, H_RECOVERIES)),
    };
  }

  // ------------------------------------------------------------------------------------------
  // Keys, values, blocks.

  #key(table: string, key: string): KeyRef {
    let t = this.#tables.get(table);
    if (t === undefined) {
      const name = Buffer.from(table, 'utf8');
      const bytes = Buffer.allocUnsafe(name.length + 2);
      bytes.writeUInt16BE(Math.min(name.length, 0xffff), 0);
      name.copy(bytes, 2);
      t = { bytes, hash: fnv1a(bytes) | 1 };
      if (this.#tables.size < 1_024) this.#tables.set(table, t);
    }
    const len = t.bytes.length + key.length;
    if (len > this.#p.maxKeyBytes) {
      throw new OutOfRangeError(
        'key',
        `table name + encoded key take ${len} bytes; this store allows ${this.#p.maxKeyBytes}`,
      );
    }
    const bytes = Buffer.allocUnsafe(len);
    t.bytes.copy(bytes, 0);
    bytes.write(key, t.bytes.length, 'latin1');
    return { table, bytes, hash: fnv1a(bytes), tableBytes: t.bytes, tableHash: t.hash };
  }

  #allocBlock(): number {
    const v = this.#v;
    for (;;) {
      const head = Atomics.load(v.hdr, H_FREE);
      const b = Number(head & 0xffff_ffffn) - 1;
      if (b < 0) return -1;
      const next = Atomics.load(v.BNEXT, b);
      const tag = (head >> 32n) + 1n;
      const nh = ((tag & 0xffff_ffffn) << 32n) | BigInt(next);
      if (Atomics.compareExchange(v.hdr, H_FREE, head, nh) === head) return b;
    }
  }

  #freeBlock(b: number): void {
    if (b < 0) return;
    const v = this.#v;
    for (;;) {
      const head = Atomics.load(v.hdr, H_FREE);
      Atomics.store(v.BNEXT, b, Number(head & 0xffff_ffffn));
      const tag = (head >> 32n) + 1n;
      const nh = ((tag & 0xffff_ffffn) << 32n) | BigInt(b + 1);
      if (Atomics.compareExchange(v.hdr, H_FREE, head, nh) === head) return;
    }
  }

  /** The word for a value: an inline integer when it can be, else a freshly written block. */
  #encode(slot: number, gen: number, value: Data, expiresAt: number): bigint {
    if (expiresAt === Number.POSITIVE_INFINITY && typeof value === 'number') {
      if (Number.isSafeInteger(value)) return intWord(gen, value);
    }
    const json = JSON.stringify(value);
    const n = Buffer.byteLength(json, 'utf8');
    if (n > this.#p.maxValueBytes) {
      throw new OutOfRangeError(
        'value',
        `the value takes ${n} bytes as JSON; this store allows ${this.#p.maxValueBytes}`,
      );
    }
    const b = this.#allocBlock();
    if (b < 0) throw new CapacityExceededError('workers store value blocks', this.#v.blocks);
    const v = this.#v;
    v.values.write(json, b * this.#p.maxValueBytes, 'utf8');
    v.BLEN[b] = n;
    v.BEXP[b] = expiresAt;
    return blockWord(gen, b, Atomics.add(v.VER, slot, 1) + 1);
  }

  /**
   * The entry a live word holds. With `slot` >= 0 the block read is validated by re-reading the
   * slot word (RETRY when it changed); under a slot lock pass -1 (the block cannot change).
   */
  #decode(w: bigint, slot: number): Cur | typeof RETRY {
    if (isInt(w)) return { value: intOf(w), expiresAt: Number.POSITIVE_INFINITY };
    const v = this.#v;
    const b = blockOf(w);
    const len = v.BLEN[b]!;
    const expiresAt = v.BEXP[b]!;
    if (len < 0 || len > this.#p.maxValueBytes) return RETRY;
    const start = b * this.#p.maxValueBytes;
    const json = v.values.toString('utf8', start, start + len);
    if (slot >= 0 && Atomics.load(v.W, slot) !== w) return RETRY;
    return { value: JSON.parse(json) as Data, expiresAt };
  }

  /**
   * The store's time: the clock, but never earlier than a time another thread already used
   * (thread clocks may differ by a fraction of a millisecond).
   */
  #now(): number {
    const v = this.#v;
    const t = this.#clock.now();
    for (;;) {
      const last = Atomics.load(v.count, H_TIME);
      if (BigInt(t) <= last) return Number(last);
      if (Atomics.compareExchange(v.count, H_TIME, last, BigInt(t)) === last) return t;
    }
  }

  #touch(slot: number): void {
    const v = this.#v;
    Atomics.store(v.USE, slot, Atomics.add(v.hdr, H_USE, 1n) + 1n);
  }

  /** The encoded key stored in a slot (valid only while its META is unchanged). */
  #slotKey(slot: number, tableLen: number): string {
    const v = this.#v;
    const off = slot * this.#p.maxKeyBytes;
    return v.keys.toString('latin1', off + tableLen, off + v.KLEN[slot]!);
  }

  #slotInTable(slot: number, k: { tableBytes: Buffer; tableHash: number }): boolean {
    const v = this.#v;
    if (v.THASH[slot] !== k.tableHash) return false;
    const m = Atomics.load(v.META, slot);
    if ((m & META_VALID) === 0) return false;
    const off = slot * this.#p.maxKeyBytes;
    const n = k.tableBytes.length;
    if (v.KLEN[slot]! < n) return false;
    const same = v.keys.compare(k.tableBytes, 0, n, off, off + n) === 0;
    return same && Atomics.load(v.META, slot) === m;
  }

  // ------------------------------------------------------------------------------------------
  // Lock-free lookup.

  #fSlot = 0;
  #fWord = 0n;
  #fMeta = 0;

  /**
   * Finds the slot bound to `k` (FOUND: #fSlot/#fWord/#fMeta, the META cell checked around the key
   * comparison), ABSENT, or BLOCKED on a locked slot.
   */
  #find(k: KeyRef): number {
    const v = this.#v;
    const mask = v.slots - 1;
    const kb = k.bytes;
    const mkb = this.#p.maxKeyBytes;
    let i = k.hash & mask;
    for (let n = 0; n < v.slots; ) {
      const w = Atomics.load(v.W, i);
      if (w === EMPTY) return ABSENT;
      const tag = tagOf(w);
      if (tag === 4) {
        this.#fSlot = i;
        this.#fWord = w;
        return BLOCKED;
      }
      if (tag !== T_TOMB) {
        const m1 = Atomics.load(v.META, i);
        if ((m1 & META_VALID) === 0 || (m1 & 511) !== genOf(w)) {
          if (Atomics.load(v.W, i) === w && Atomics.load(v.META, i) === m1) {
            n++;
            i = (i + 1) & mask;
          }
          continue; // a binding changed under us: look at this slot again
        }
        const off = i * mkb;
        const match =
          v.KHASH[i] === k.hash &&
          v.KLEN[i] === kb.length &&
          v.keys.compare(kb, 0, kb.length, off, off + kb.length) === 0;
        if (Atomics.load(v.META, i) !== m1) continue;
        if (match) {
          this.#fSlot = i;
          this.#fWord = w;
          this.#fMeta = m1;
          return FOUND;
        }
      }
      n++;
      i = (i + 1) & mask;
    }
    return ABSENT;
  }

  // ------------------------------------------------------------------------------------------
  // The write lock.

  /** Takes `L` (taking it over from a dead owner first), or undefined when a live owner has it. */
  #acquire(): Tx | undefined {
    const v = this.#v;
    for (;;) {
      const l = Atomics.load(v.hdr, H_LOCK);
      if (phaseOf(l) === P_FREE) {
        const seq = (seqOf(l) + 1) & SEQ_MASK || 1;
        const cell = lockCell(P_ACTIVE, this.#me, seq);
        if (Atomics.compareExchange(v.hdr, H_LOCK, l, cell) === l) {
          this.#heartbeat();
          return new Tx(seq, cell);
        }
        continue;
      }
      if (this.#alive(ownerOf(l))) return undefined;
      this.#takeOver(l);
    }
  }

  #release(cell: bigint, seq: number): void {
    const v = this.#v;
    Atomics.compareExchange(v.hdr, H_LOCK, cell, lockCell(P_FREE, -1, seq));
    Atomics.add(v.notify, N_NOTIFY, 1);
    Atomics.notify(v.notify, N_NOTIFY);
  }

  /**
   * Finishes the transaction of a dead owner: ACTIVE → discard (every slot back to its saved
   * word; a slot that was being bound becomes a tombstone); COMMITTED → complete (every slot
   * gets its staged word). Idempotent: if this thread dies too, the next one does it again.
   */
  #takeOver(l: bigint): void {
    const v = this.#v;
    const seq = seqOf(l);
    const phase = phaseOf(l);
    const cell = lockCell(phase, this.#me, seq);
    if (Atomics.compareExchange(v.hdr, H_LOCK, l, cell) !== l) return;
    this.#heartbeat();
    Atomics.add(v.hdr, H_RECOVERIES, 1n);
    for (let i = 0; i < v.slots; i++) {
      const w = Atomics.load(v.W, i);
      if (!isLocked(w) || lockSeqOf(w) !== seq) continue;
      const saved = Atomics.load(v.SSEQ, i) === seq ? Atomics.load(v.SAV, i) : TOMB;
      let target: bigint;
      if (phase === P_COMMITTED && Atomics.load(v.PSEQ, i) === seq) target = Atomics.load(v.PEN, i);
      else target = isBinding(w) ? TOMB : saved;
      if (Atomics.compareExchange(v.W, i, w, target) === w && phase === P_COMMITTED) {
        const ob = blockRef(saved);
        if (ob >= 0 && ob !== blockRef(target) && Atomics.load(v.SSEQ, i) === seq) {
          this.#freeBlock(ob);
        }
      }
    }
    this.#release(cell, seq);
  }

  /**
   * A slot locked by a transaction that is not running: resolves it (or takes over a dead
   * owner). Returns false when a live owner is still working on it (the caller waits).
   */
  #resolveLocked(slot: number, w: bigint, tx: Tx | undefined): boolean {
    const v = this.#v;
    const seq = lockSeqOf(w);
    if (tx !== undefined && seq === tx.seq) return true;
    const l = Atomics.load(v.hdr, H_LOCK);
    if (phaseOf(l) !== P_FREE && seqOf(l) === seq) {
      if (this.#alive(ownerOf(l))) return false;
      this.#takeOver(l);
      return true;
    }
    // A leftover of a transaction that was taken over while its (stalled) owner still ran.
    const saved = Atomics.load(v.SSEQ, slot) === seq ? Atomics.load(v.SAV, slot) : TOMB;
    Atomics.compareExchange(v.W, slot, w, isBinding(w) ? TOMB : saved);
    return true;
  }

  /** Locks a slot whose current word is `w` (unlocked, or already ours). */
  #lockSlot(tx: Tx, slot: number, w: bigint, binding: boolean, key?: KeyRef): TxSlot | undefined {
    const v = this.#v;
    Atomics.store(v.SAV, slot, w);
    Atomics.store(v.SSEQ, slot, tx.seq);
    if (Atomics.compareExchange(v.W, slot, w, lockedWord(tx.seq, binding)) !== w) return undefined;
    const e: TxSlot = {
      slot,
      old: w,
      binding,
      key,
      next: undefined,
      newBlock: -1,
      metaWritten: false,
    };
    tx.entries.set(slot, e);
    return e;
  }

  /** Under `L`: the locked slot of `k`, binding a reusable slot when the key has none. */
  #lockKey(tx: Tx, k: KeyRef): TxSlot {
    const v = this.#v;
    const mask = v.slots - 1;
    const kb = k.bytes;
    let reusable = -1;
    let probes = 0;
    let i = k.hash & mask;
    for (let n = 0; n < v.slots; probes++) {
      const w = Atomics.load(v.W, i);
      if (w === EMPTY) {
        if (reusable < 0) reusable = i;
        break;
      }
      const tag = tagOf(w);
      if (tag === 4) {
        const e = tx.entries.get(i);
        if (e !== undefined && lockSeqOf(w) === tx.seq) {
          if (e.binding) {
            if (e.key?.bytes.equals(kb)) return e;
          } else if (this.#slotIs(i, k)) {
            return e;
          }
          n++;
          i = (i + 1) & mask;
          continue;
        }
        this.#resolveLocked(i, w, tx);
        continue;
      }
      if (tag === T_TOMB) {
        if (reusable < 0) reusable = i;
      } else if (this.#slotIs(i, k) && genOf(w) === (Atomics.load(v.META, i) & 511)) {
        const e = this.#lockSlot(tx, i, w, false);
        if (e !== undefined) return e;
        continue; // changed by a lock-free step: look again
      } else if (tag === 2 && reusable < 0) {
        reusable = i;
      }
      n++;
      i = (i + 1) & mask;
    }
    if (reusable < 0) throw new CapacityExceededError('workers store slots', v.slots);
    if (probes > 32 && ++this.#sinceSweep > v.slots >> 4) tx.sweep = true;
    for (;;) {
      const w = Atomics.load(v.W, reusable);
      // Unbound words change only under L: only a stale leftover lock is in the way.
      if (isLocked(w)) {
        this.#resolveLocked(reusable, w, tx);
        continue;
      }
      const e = this.#lockSlot(tx, reusable, w, true, k);
      if (e !== undefined) return e;
    }
  }

  /**
   * Under `L`, after publishing: makes probe chains short again. Keys without an entry are
   * unbound (DEAD → TOMB: they are absent either way), then every tombstone that no bound key's
   * probe chain (home slot .. its slot) passes through becomes EMPTY. Safe with lock-free
   * readers: only `L` binds keys, so the set of chains can only shrink meanwhile.
   */
  #sweep(): void {
    const v = this.#v;
    const n = v.slots;
    const mask = n - 1;
    const diff = new Int32Array(n + 1);
    for (let j = 0; j < n; j++) {
      let w = Atomics.load(v.W, j);
      if (tagOf(w) === T_DEAD && Atomics.compareExchange(v.W, j, w, TOMB) === w) w = TOMB;
      if (isLocked(w)) return; // a stale leftover: sweep another time
      if (!isLive(w)) continue;
      const h = v.KHASH[j]! & mask;
      diff[h]!++;
      diff[j + 1]!--;
      if (h > j) {
        diff[0]!++;
        diff[n]!--;
      }
    }
    let covered = 0;
    for (let i = 0; i < n; i++) {
      covered += diff[i]!;
      if (covered === 0) Atomics.compareExchange(v.W, i, TOMB, EMPTY);
    }
    this.#sinceSweep = 0;
  }

  /** The slot's key equals `k` (its META must be valid and unchanged). */
  #slotIs(slot: number, k: KeyRef): boolean {
    const v = this.#v;
    const m = Atomics.load(v.META, slot);
    if ((m & META_VALID) === 0) return false;
    const off = slot * this.#p.maxKeyBytes;
    const kb = k.bytes;
    const same =
      v.KHASH[slot] === k.hash &&
      v.KLEN[slot] === kb.length &&
      v.keys.compare(kb, 0, kb.length, off, off + kb.length) === 0;
    return same && Atomics.load(v.META, slot) === m;
  }

  /** The live entry of a locked slot at `now` (expired counts as absent). */
  #curOf(e: TxSlot, now: number): Cur | undefined {
    if (!isLive(e.old)) return undefined;
    const cur = this.#decode(e.old, -1) as Cur;
    return cur.expiresAt <= now ? undefined : cur;
  }

  #stageValue(e: TxSlot, value: Data, expiresAt: number): void {
    const v = this.#v;
    const slot = e.slot;
    let gen: number;
    let meta = 0;
    if (e.binding) {
      const m = Atomics.load(v.META, slot);
      meta = e.metaWritten ? m : nextMeta(m);
      gen = meta & 511;
    } else {
      gen = genOf(e.old);
    }
    const word = this.#encode(slot, gen, value, expiresAt);
    if (e.newBlock >= 0) this.#freeBlock(e.newBlock);
    e.newBlock = blockRef(word);
    e.next = word;
    if (e.binding && !e.metaWritten) {
      const k = e.key!;
      Atomics.store(v.META, slot, meta);
      e.metaWritten = true;
      v.KLEN[slot] = k.bytes.length;
      v.KHASH[slot] = k.hash;
      v.THASH[slot] = k.tableHash;
      k.bytes.copy(v.keys, slot * this.#p.maxKeyBytes);
      Atomics.store(v.META, slot, meta | META_VALID);
    }
  }

  #stageDelete(e: TxSlot): void {
    if (e.newBlock >= 0) this.#freeBlock(e.newBlock);
    e.newBlock = -1;
    if (e.binding) e.next = e.metaWritten ? TOMB : e.old;
    else e.next = isLive(e.old) ? deadWord(genOf(e.old)) : e.old;
  }

  #final(e: TxSlot): bigint {
    if (e.next !== undefined) return e.next;
    return e.binding && e.metaWritten ? TOMB : e.old;
  }

  #commit(tx: Tx): void {
    const v = this.#v;
    let plus = 0;
    let minus = 0;
    for (const e of tx.entries.values()) {
      const f = this.#final(e);
      Atomics.store(v.PEN, e.slot, f);
      Atomics.store(v.PSEQ, e.slot, tx.seq);
      const was = isLive(e.old);
      const is = isLive(f);
      if (!was && is) plus++;
      if (was && !is) minus++;
    }
    if (plus > 0) Atomics.add(v.count, H_COUNT, BigInt(plus));
    const committed = lockCell(P_COMMITTED, this.#me, tx.seq);
    if (Atomics.compareExchange(v.hdr, H_LOCK, tx.cell, committed) !== tx.cell) {
      if (plus > 0) Atomics.sub(v.count, H_COUNT, BigInt(plus));
      this.#abort(tx);
      throw new StoreUnavailableError(
        'this thread stalled past deadAfterMs inside a write step; another thread discarded it',
      );
    }
    const locked = lockedWord(tx.seq, false);
    const lockedB = lockedWord(tx.seq, true);
    for (const e of tx.entries.values()) {
      const f = this.#final(e);
      const lw = e.binding ? lockedB : locked;
      if (Atomics.compareExchange(v.W, e.slot, lw, f) === lw) {
        const ob = blockRef(e.old);
        if (ob >= 0 && ob !== blockRef(f)) this.#freeBlock(ob);
      }
    }
    if (minus > 0) Atomics.sub(v.count, H_COUNT, BigInt(minus));
    if (tx.sweep) this.#sweep();
    this.#release(committed, tx.seq);
  }

  #abort(tx: Tx): void {
    const v = this.#v;
    for (const e of tx.entries.values()) {
      const lw = lockedWord(tx.seq, e.binding);
      Atomics.compareExchange(v.W, e.slot, lw, e.binding && e.metaWritten ? TOMB : e.old);
      if (e.newBlock >= 0) this.#freeBlock(e.newBlock);
      e.newBlock = -1;
    }
    this.#release(tx.cell, tx.seq);
  }

  /** Runs `body` as one write transaction; WAIT when a live thread holds the lock. */
  #transact<T>(body: (tx: Tx) => T): T | typeof WAIT {
    const tx = this.#acquire();
    if (tx === undefined) return WAIT;
    let result: T;
    try {
      result = body(tx);
    } catch (err) {
      this.#abort(tx);
      for (const ev of tx.events) publishTableEvent(() => ev);
      throw err;
    }
    this.#commit(tx);
    for (const ev of tx.events) publishTableEvent(() => ev);
    return result;
  }

  /**
   * Waits for a release after `seen` (or 2 ms), never blocking the event loop. A pending
   * `Atomics.waitAsync` does not keep a Node event loop alive, so a ref'd timer races it.
   */
  async #pause(seen: number): Promise<void> {
    const r = waitAsync(this.#v.notify, N_NOTIFY, seen, 2);
    if (!r.async) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      return;
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      r.value,
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, 2);
      }),
    ]);
    clearTimeout(timer);
  }

  /** Retries `attempt` until it stops saying WAIT. Runs synchronously when uncontended. */
  async #run<T>(attempt: Attempt<T>): Promise<T> {
    this.#open();
    for (;;) {
      const seen = Atomics.load(this.#v.notify, N_NOTIFY);
      const r = attempt();
      if (r !== WAIT) return r;
      await this.#pause(seen);
    }
  }

  /**
   * Runs `attempt` synchronously, retrying while a live thread is inside the write section (or
   * has the slot locked) for at most SYNC_WAIT_MS: on the main thread by spinning (Atomics.wait
   * would block its event loop), in a worker with `Atomics.wait` on the notify cell in 1 ms
   * slices. Every retry checks the owner's heartbeat, so a dead owner's section is taken over at
   * once. Past the bound: ContentionError, nothing written.
   */
  #runSync<T>(attempt: Attempt<T>): T {
    this.#open();
    if ((++this.#calls & 1023) === 0) this.#heartbeat();
    const notify = this.#v.notify;
    let seen = Atomics.load(notify, N_NOTIFY);
    let r = attempt();
    if (r !== WAIT) return r;
    const deadline = performance.now() + SYNC_WAIT_MS;
    for (let attempts = 1; ; attempts++) {
      if (performance.now() >= deadline) throw new ContentionError(attempts);
      if (isMainThread) {
        for (let spin = 0; spin < 2_000 && Atomics.load(notify, N_NOTIFY) === seen; spin++);
      } else {
        Atomics.wait(notify, N_NOTIFY, seen, 1);
      }
      seen = Atomics.load(notify, N_NOTIFY);
      r = attempt();
      if (r !== WAIT) return r;
    }
  }

  // ------------------------------------------------------------------------------------------
  // Capacity.

  /** Under `L`: throws (or evicts) unless `created` more live entries fit. */
  #makeRoom(
    tx: Tx,
    k: KeyRef,
    created: number,
    limits: Limits,
    now: number,
    protect: ReadonlySet<number>,
  ): void {
    if (created === 0) return;
    const v = this.#v;
    const total = this.#p.maxEntries;
    if (Number(Atomics.load(v.count, H_COUNT)) + created > total) {
      if (this.#countLive(tx, undefined, now).count + created > total) {
        tx.events.push({ table: k.table, event: 'capacity-exceeded', limit: total });
        throw new CapacityExceededError('workers store', total);
      }
    }
    const max = limits.maxEntries;
    if (max === undefined) return;
    const { count, candidates } = this.#countLive(tx, k, now);
    let over = count + created - max;
    if (over <= 0) return;
    if (limits.evict === 'lru' && created <= max) {
      const victims = candidates
        .filter((s) => !protect.has(s))
        .sort((a, b) => {
          const x = Atomics.load(v.USE, a);
          const y = Atomics.load(v.USE, b);
          return x < y ? -1 : x > y ? 1 : 0;
        });
      let evicted = 0;
      for (const slot of victims) {
        if (over <= 0) break;
        let e = tx.entries.get(slot);
        if (e === undefined) {
          const w = Atomics.load(v.W, slot);
          if (!isLive(w)) {
            over--; // deleted meanwhile by a lock-free step
            continue;
          }
          e = this.#lockSlot(tx, slot, w, false);
          if (e === undefined) {
            if (!isLive(Atomics.load(v.W, slot))) over--;
            continue;
          }
        }
        if (this.#curOf(e, now) === undefined) continue;
        this.#stageDelete(e);
        evicted++;
        over--;
      }
      if (evicted > 0) tx.events.push({ table: k.table, event: 'evicted', count: evicted });
      if (over <= 0) return;
    }
    tx.events.push({ table: k.table, event: 'capacity-exceeded', limit: max });
    throw new CapacityExceededError(`table '${k.table}'`, max);
  }

  /**
   * Under `L`: live unexpired entries of one table (`k` given) or of the store, reclaiming
   * expired ones on the way. Slots locked by `tx` count by their saved word. `candidates`:
   * the table's live slots (for LRU).
   */
  #countLive(
    tx: Tx,
    k: KeyRef | undefined,
    now: number,
  ): { count: number; candidates: number[]; reclaimed: number } {
    const v = this.#v;
    let count = 0;
    let reclaimed = 0;
    const candidates: number[] = [];
    for (let i = 0; i < v.slots; i++) {
      if (k !== undefined && v.THASH[i] !== k.tableHash) continue;
      let w = Atomics.load(v.W, i);
      let e: TxSlot | undefined;
      while (isLocked(w)) {
        e = tx.entries.get(i);
        if (e !== undefined && lockSeqOf(w) === tx.seq) break;
        this.#resolveLocked(i, w, tx);
        w = Atomics.load(v.W, i);
      }
      if (e !== undefined && isLocked(w)) {
        const inTable = e.binding
          ? e.key!.tableBytes.equals(k?.tableBytes ?? e.key!.tableBytes)
          : k === undefined || this.#slotInTable(i, k);
        if (!inTable) continue;
        const live = e.next !== undefined ? isLive(e.next) : this.#curOf(e, now) !== undefined;
        if (live) {
          count++;
          if (e.next === undefined) candidates.push(i);
        }
        continue;
      }
      if (!isLive(w)) continue;
      if (k !== undefined && !this.#slotInTable(i, k)) continue;
      if (!isInt(w) && v.BEXP[blockOf(w)]! <= now) {
        if (Atomics.load(v.W, i) !== w) {
          i--; // changed under us: look again
          continue;
        }
        if (Atomics.compareExchange(v.W, i, w, deadWord(genOf(w))) === w) {
          Atomics.sub(v.count, H_COUNT, 1n);
          this.#freeBlock(blockOf(w));
          reclaimed++;
        }
        continue;
      }
      count++;
      candidates.push(i);
    }
    return { count, candidates, reclaimed };
  }

  // ------------------------------------------------------------------------------------------
  // The generic single-key step.

  /** Lock-free attempt: a result, NEED_LOCK (creates an entry), or WAIT (a slot is locked). */
  #tryFree<T>(k: KeyRef, step: Step<T>, lru: boolean): T | typeof NEED_LOCK | typeof WAIT {
    const v = this.#v;
    for (;;) {
      const code = this.#find(k);
      if (code === BLOCKED) {
        if (this.#resolveLocked(this.#fSlot, this.#fWord, undefined)) continue;
        return WAIT;
      }
      const now = this.#now();
      let cur: Cur | undefined;
      const slot = this.#fSlot;
      let w = this.#fWord;
      if (code === FOUND && isLive(w)) {
        const c = this.#decode(w, slot);
        if (c === RETRY) continue;
        if (c.expiresAt <= now) {
          const dead = deadWord(genOf(w));
          if (Atomics.compareExchange(v.W, slot, w, dead) !== w) continue;
          Atomics.sub(v.count, H_COUNT, 1n);
          this.#freeBlock(blockRef(w));
          publishTableEvent(() => ({ table: k.table, event: 'expired', count: 1 }));
          w = dead;
        } else {
          cur = c;
        }
      }
      const out = step(cur, now);
      const write = out.write;
      if (write === undefined) {
        if (lru && cur !== undefined) this.#touch(slot);
        return out.result;
      }
      if (cur === undefined) return write === 'delete' ? out.result : NEED_LOCK;
      if (write === 'delete') {
        if (Atomics.compareExchange(v.W, slot, w, deadWord(genOf(w))) !== w) continue;
        Atomics.sub(v.count, H_COUNT, 1n);
        this.#freeBlock(blockRef(w));
        return out.result;
      }
      const next = this.#encode(slot, genOf(w), write.value, write.expiresAt);
      if (Atomics.compareExchange(v.W, slot, w, next) !== w) {
        this.#freeBlock(blockRef(next));
        continue;
      }
      this.#freeBlock(blockRef(w));
      if (lru) this.#touch(slot);
      return out.result;
    }
  }

  #lockedSingle<T>(tx: Tx, k: KeyRef, step: Step<T>, limits: Limits, lru: boolean): T {
    const e = this.#lockKey(tx, k);
    const now = this.#now();
    const cur = this.#curOf(e, now);
    const out = step(cur, now);
    const write = out.write;
    if (write === undefined) {
      if (lru && cur !== undefined) this.#touch(e.slot);
      return out.result;
    }
    if (write === 'delete') {
      this.#stageDelete(e);
      return out.result;
    }
    if (cur === undefined) this.#makeRoom(tx, k, 1, limits, now, new Set([e.slot]));
    this.#stageValue(e, write.value, write.expiresAt);
    if (lru) this.#touch(e.slot);
    return out.result;
  }

  /** The attempt of a single-key step (the key is encoded and checked here, before any wait). */
  #single<T>(table: string, key: string, step: Step<T>, limits: Limits | undefined): Attempt<T> {
    const k = this.#key(table, key);
    const lru = limits?.evict === 'lru';
    return () => {
      const r = this.#tryFree(k, step, lru);
      if (r !== NEED_LOCK) return r;
      return this.#transact((tx) => this.#lockedSingle(tx, k, step, limits ?? {}, lru));
    };
  }

  // ------------------------------------------------------------------------------------------
  // The lock-free counter increment (inline integers only).

  /**
   * Per instance (so per thread): where the inline-integer counters this instance incremented
   * live, by table and encoded key. An entry is a hint, never trusted: each use checks that the
   * slot's META cell (generation + binding stamp) is still the one seen when the key was found,
   * and the CAS checks that the word is still an inline integer of that generation.
   */
  readonly #counters = new Map<string, Map<string, CounterSlot>>();
  #cachedCounters = 0;
  /**
   * The last word seen of each remembered counter (at CounterSlot.at): the first CAS's guess. A
   * typed array, so keeping it costs no allocation or write barrier.
   */
  readonly #words = new BigUint64Array(COUNTER_CACHE);
  /** The counter of the previous call (checked before the maps). */
  #last: CounterSlot | undefined;
  #deltaIncr = 1;
  #delta = intDelta(1);

  /**
   * `updateCounter(table, key, [{ incr }])` on an existing inline integer: one CAS on the slot
   * word, no key encoding, no clock, no lock. Returns the new value, or undefined when this path
   * does not apply (not one plain increment, absent key, a value in a block — any TTL —, a result
   * beyond the safe-integer range, a locked or rebound slot, a closed instance): the generic step
   * then decides, with its exact errors. An inline integer has no expiry and the entry already
   * counts, so the only bookkeeping left is the LRU stamp.
   */
  #fastCounter(
    table: string,
    key: string,
    ops: readonly CounterOp[],
    limits: Limits,
  ): number | undefined {
    if (ops.length !== 1 || this.#closed) return undefined;
    const op = ops[0]!;
    const incr = op.incr;
    if (op.field !== undefined || op.threshold !== undefined || op.setValue !== undefined) {
      return undefined;
    }
    if (!Number.isSafeInteger(incr)) return undefined;
    if ((++this.#calls & 1023) === 0) this.#heartbeat();
    let e = this.#last;
    if (e === undefined || key !== e.key || table !== e.table) {
      e = this.#counters.get(table)?.get(key) ?? this.#findCounter(table, key);
      if (e === undefined) return undefined;
      this.#last = e;
    }
    if (incr !== this.#deltaIncr) {
      this.#deltaIncr = incr;
      this.#delta = intDelta(incr);
    }
    const slot = e.slot;
    const W = this.#W;
    const words = this.#words;
    const at = e.at;
    // The slot is still bound to this key: any rebinding changes META. (Checked once: a binding
    // that changed after this load shows in the word's generation, as for the generic step.)
    if (Atomics.load(this.#META, slot) === e.meta) {
      let w = words[at]!;
      let cur = e.value;
      for (;;) {
        const next = cur + incr;
        if (!Number.isSafeInteger(next)) return undefined;
        // In range, so asUintN changes nothing; it lets V8 keep these BigInt ops inline.
        const nw = BigInt.asUintN(64, w + this.#delta);
        const r = Atomics.compareExchange(W, slot, w, nw);
        const diff = BigInt.asUintN(64, r ^ w);
        if (diff === 0n) {
          words[at] = nw;
          e.value = next;
          if (limits.evict === 'lru') this.#touch(slot);
          return next;
        }
        // Not an inline integer of this generation any more: deleted, locked, holding a block,
        // or rebound. Otherwise only the value changed: retry from it.
        if (BigInt.asUintN(64, diff & LOW_MASK) !== 0n) break;
        w = r;
        cur = intOf(r);
      }
    }
    this.#counters.get(table)?.delete(key);
    this.#last = undefined;
    return undefined;
  }

  /** Finds the slot of an inline-integer counter and remembers it (undefined: not one). */
  #findCounter(table: string, key: string): CounterSlot | undefined {
    const k = this.#key(table, key);
    if (this.#find(k) !== FOUND) return undefined;
    const w = this.#fWord;
    if (!isInt(w)) return undefined;
    if (this.#cachedCounters >= COUNTER_CACHE) {
      this.#counters.clear();
      this.#last = undefined;
      this.#cachedCounters = 0;
    }
    const e: CounterSlot = {
      table,
      key,
      slot: this.#fSlot,
      meta: this.#fMeta,
      at: this.#cachedCounters,
      value: intOf(w),
    };
    this.#words[e.at] = w;
    let m = this.#counters.get(table);
    if (m === undefined) {
      m = new Map();
      this.#counters.set(table, m);
    }
    m.set(key, e);
    this.#cachedCounters++;
    return e;
  }

  // ------------------------------------------------------------------------------------------
  // The contract. Each operation builds an attempt (validating and encoding its input), which
  // the async method runs with #run and the synchronous step (registerSyncSteps) with #runSync.

  #getA(table: string, key: string, limits?: Limits): Attempt<Data | undefined> {
    return this.#single(table, key, (cur) => ({ result: cur?.value }), limits);
  }

  async get(table: string, key: string, limits?: Limits): Promise<Data | undefined> {
    return this.#run(this.#getA(table, key, limits));
  }

  #putA(
    table: string,
    items: readonly WriteItem[],
    mode: 'set' | 'insertNew',
    limits: Limits,
  ): Attempt<boolean> {
    if (items.length === 1) {
      const item = items[0]!;
      return this.#single(
        table,
        item.key,
        (cur, now) =>
          mode === 'insertNew' && cur !== undefined
            ? { result: false }
            : { result: true, write: { value: item.value, expiresAt: expiry(now, item.ttlMs) } },
        limits,
      );
    }
    const keys = items.map((item) => this.#key(table, item.key));
    const lru = limits.evict === 'lru';
    return () =>
      this.#transact((tx) => {
        const now = this.#now();
        const slots = keys.map((k) => this.#lockKey(tx, k));
        const fresh = new Set<number>();
        for (const e of slots) {
          if (this.#curOf(e, now) === undefined) fresh.add(e.slot);
          else if (mode === 'insertNew') return false;
        }
        if (keys.length > 0) {
          this.#makeRoom(tx, keys[0]!, fresh.size, limits, now, new Set(slots.map((e) => e.slot)));
        }
        for (let i = 0; i < items.length; i++) {
          const item = items[i]!;
          this.#stageValue(slots[i]!, item.value, expiry(now, item.ttlMs));
          if (lru) this.#touch(slots[i]!.slot);
        }
        return true;
      });
  }

  async put(
    table: string,
    items: readonly WriteItem[],
    mode: 'set' | 'insertNew',
    limits: Limits,
  ): Promise<boolean> {
    return this.#run(this.#putA(table, items, mode, limits));
  }

  #takeA(table: string, key: string): Attempt<Data | undefined> {
    return this.#single(
      table,
      key,
      (cur) => (cur === undefined ? { result: undefined } : { result: cur.value, write: 'delete' }),
      undefined,
    );
  }

  async take(table: string, key: string): Promise<Data | undefined> {
    return this.#run(this.#takeA(table, key));
  }

  #deleteA(table: string, key: string): Attempt<boolean> {
    return this.#single(
      table,
      key,
      (cur) => (cur === undefined ? { result: false } : { result: true, write: 'delete' }),
      undefined,
    );
  }

  async delete(table: string, key: string): Promise<boolean> {
    return this.#run(this.#deleteA(table, key));
  }

  #compareAndSetA(
    table: string,
    key: string,
    expected: Data | undefined,
    next: Data,
    ttlMs: number | undefined,
    limits: Limits,
  ): Attempt<boolean> {
    return this.#single(
      table,
      key,
      (cur, now) => {
        if (cur === undefined) {
          if (expected !== undefined) return { result: false };
          return { result: true, write: { value: next, expiresAt: expiry(now, ttlMs) } };
        }
        if (expected === undefined || !dataEquals(cur.value, expected)) return { result: false };
        const expiresAt = ttlMs === undefined ? cur.expiresAt : now + ttlMs;
        return { result: true, write: { value: next, expiresAt } };
      },
      limits,
    );
  }

  async compareAndSet(
    table: string,
    key: string,
    expected: Data | undefined,
    next: Data,
    ttlMs: number | undefined,
    limits: Limits,
  ): Promise<boolean> {
    return this.#run(this.#compareAndSetA(table, key, expected, next, ttlMs, limits));
  }

  #compareAndDeleteA(table: string, key: string, expected: Data): Attempt<boolean> {
    return this.#single(
      table,
      key,
      (cur) =>
        cur !== undefined && dataEquals(cur.value, expected)
          ? { result: true, write: 'delete' }
          : { result: false },
      undefined,
    );
  }

  async compareAndDelete(table: string, key: string, expected: Data): Promise<boolean> {
    return this.#run(this.#compareAndDeleteA(table, key, expected));
  }

  #updateCounterA(
    table: string,
    key: string,
    ops: readonly CounterOp[],
    create: CreateOptions,
    limits: Limits,
  ): Attempt<number[]> {
    return this.#single(
      table,
      key,
      (cur, now) => {
        const base = cur !== undefined ? cur.value : create.default;
        if (base === undefined) throw new NotFoundError(decodeKey(key));
        const { value, results } = applyCounterOps(base, ops);
        const expiresAt = cur !== undefined ? cur.expiresAt : expiry(now, create.ttlMs);
        return { result: results, write: { value, expiresAt } };
      },
      limits,
    );
  }

  updateCounter(
    table: string,
    key: string,
    ops: readonly CounterOp[],
    create: CreateOptions,
    limits: Limits,
  ): Promise<number[]> {
    try {
      const fast = this.#fastCounter(table, key, ops, limits);
      if (fast !== undefined) return Promise.resolve([fast]);
      return this.#run(this.#updateCounterA(table, key, ops, create, limits));
    } catch (err) {
      return Promise.reject(err);
    }
  }

  #updateFieldsA(
    table: string,
    key: string,
    fields: Readonly<Record<string, Data>>,
    create: CreateOptions,
    limits: Limits,
  ): Attempt<boolean> {
    return this.#single(
      table,
      key,
      (cur, now) => {
        const base = cur !== undefined ? cur.value : create.default;
        if (base === undefined) return { result: false };
        if (!isDataObject(base)) {
          throw new WrongTypeError(
            cur === undefined ? 'default' : 'key',
            'the value is not a plain object',
          );
        }
        const next: Record<string, Data> = { ...(base as DataObject) };
        for (const f of Object.keys(fields)) setField(next, f, fields[f]!);
        const expiresAt = cur !== undefined ? cur.expiresAt : expiry(now, create.ttlMs);
        return { result: true, write: { value: next, expiresAt } };
      },
      limits,
    );
  }

  async updateFields(
    table: string,
    key: string,
    fields: Readonly<Record<string, Data>>,
    create: CreateOptions,
    limits: Limits,
  ): Promise<boolean> {
    return this.#run(this.#updateFieldsA(table, key, fields, create, limits));
  }

  /** Under `L`: locks every live slot of a table (for clear / selectDelete). */
  #lockTable(tx: Tx, k: KeyRef): TxSlot[] {
    const v = this.#v;
    const out: TxSlot[] = [];
    for (let i = 0; i < v.slots; i++) {
      if (v.THASH[i] !== k.tableHash) continue;
      const w = Atomics.load(v.W, i);
      if (isLocked(w)) {
        if (lockSeqOf(w) === tx.seq) continue;
        this.#resolveLocked(i, w, tx);
        i--;
        continue;
      }
      if (!isLive(w) || !this.#slotInTable(i, k)) continue;
      const e = this.#lockSlot(tx, i, w, false);
      if (e === undefined) {
        i--; // changed by a lock-free step: look again
        continue;
      }
      out.push(e);
    }
    return out;
  }

  #selectDeleteA(table: string, spec: Spec): Attempt<number> {
    const k = this.#key(table, '');
    return () =>
      this.#transact((tx) => {
        const now = this.#now();
        let count = 0;
        for (const e of this.#lockTable(tx, k)) {
          const cur = this.#curOf(e, now);
          if (cur === undefined) {
            this.#stageDelete(e);
            continue;
          }
          const encoded = this.#slotKey(e.slot, k.tableBytes.length);
          if (matchSpec(spec, () => decodeKey(encoded), cur.value)) {
            this.#stageDelete(e);
            count++;
          }
        }
        tx.sweep = true;
        return count;
      });
  }

  async selectDelete(table: string, spec: Spec): Promise<number> {
    return this.#run(this.#selectDeleteA(table, spec));
  }

  #scanA(table: string, cursor: unknown, count: number): Attempt<ScanPage> {
    let at = 0;
    if (cursor !== undefined) {
      const c = cursor as { table?: unknown; at?: unknown };
      if (c === null || c.table !== table || typeof c.at !== 'number') {
        throw new TypeError('cursor belongs to another table');
      }
      at = c.at;
    }
    const k = this.#key(table, '');
    const v = this.#v;
    const entries: StoreEntry[] = [];
    return () => {
      while (at < v.slots && entries.length < count) {
        const i = at;
        if (v.THASH[i] !== k.tableHash) {
          at++;
          continue;
        }
        const w = Atomics.load(v.W, i);
        if (isLocked(w)) {
          if (this.#resolveLocked(i, w, undefined)) continue;
          return WAIT;
        }
        if (!isLive(w)) {
          at++;
          continue;
        }
        const m = Atomics.load(v.META, i);
        if (!this.#slotInTable(i, k)) {
          at++;
          continue;
        }
        const key = this.#slotKey(i, k.tableBytes.length);
        const cur = this.#decode(w, i);
        if (cur === RETRY || Atomics.load(v.META, i) !== m) continue;
        if (cur.expiresAt > this.#now()) entries.push({ key, value: cur.value });
        at++;
      }
      return { entries, cursor: at >= v.slots ? null : { table, at } };
    };
  }

  async scan(table: string, cursor: unknown, count: number): Promise<ScanPage> {
    return this.#run(this.#scanA(table, cursor, count));
  }

  #sizeA(table: string): Attempt<number> {
    const k = this.#key(table, '');
    return () =>
      this.#transact((tx) => {
        const { count, reclaimed } = this.#countLive(tx, k, this.#now());
        if (reclaimed > 0) tx.events.push({ table, event: 'expired', count: reclaimed });
        return count;
      });
  }

  async size(table: string): Promise<number> {
    return this.#run(this.#sizeA(table));
  }

  #clearA(table: string): Attempt<number> {
    const k = this.#key(table, '');
    return () =>
      this.#transact((tx) => {
        const now = this.#now();
        let n = 0;
        for (const e of this.#lockTable(tx, k)) {
          if (this.#curOf(e, now) !== undefined) n++;
          this.#stageDelete(e);
        }
        tx.sweep = true;
        return n;
      });
  }

  async clear(table: string): Promise<number> {
    return this.#run(this.#clearA(table));
  }

  async rateLimit(request: LimitRequest): Promise<LimitResponse> {
    const items = request.items;
    const single = (cur: Cur | undefined, now: number): Outcome<LimitResponse> => {
      const { response, writes } = decideLimits(request, [cur?.value], now);
      const w = writes[0];
      if (w === undefined) return { result: response };
      if (w.value === null) return { result: response, write: 'delete' };
      return { result: response, write: { value: w.value, expiresAt: now + w.ttlMs } };
    };
    if (items.length === 1) {
      return this.#run(this.#single(items[0]!.table, items[0]!.key, single, undefined));
    }
    const keys = items.map((item) => this.#key(item.table, item.key));
    return this.#run(() =>
      this.#transact((tx) => {
        const now = this.#now();
        const slots = keys.map((k) => this.#lockKey(tx, k));
        const values = slots.map((e) => this.#curOf(e, now)?.value);
        const { response, writes } = decideLimits(request, values, now);
        for (const w of writes) {
          const e = slots[w.index]!;
          if (w.value === null) {
            this.#stageDelete(e);
            continue;
          }
          if (this.#curOf(e, now) === undefined && e.next === undefined) {
            this.#makeRoom(tx, keys[w.index]!, 1, {}, now, new Set([e.slot]));
          }
          this.#stageValue(e, w.value, now + w.ttlMs);
        }
        return response;
      }),
    );
  }

  async breaker(
    table: string,
    key: string,
    command: BreakerCommand,
    rule: BreakerRule,
  ): Promise<BreakerReply> {
    return this.#run(
      this.#single(
        table,
        key,
        (cur, now) => {
          const { reply, value, ttlMs, write } = breakerStep(cur?.value, command, rule, now);
          if (!write) return { result: reply };
          return { result: reply, write: { value, expiresAt: expiry(now, ttlMs) } };
        },
        undefined,
      ),
    );
  }

  /** The synchronous steps (see src/store/sync.ts): each runs the same attempt as its method. */
  #syncSteps(): SyncSteps {
    return {
      get: (table, key, limits) => this.#runSync(this.#getA(table, key, limits)),
      put: (table, items, mode, limits) => this.#runSync(this.#putA(table, items, mode, limits)),
      take: (table, key) => this.#runSync(this.#takeA(table, key)),
      delete: (table, key) => this.#runSync(this.#deleteA(table, key)),
      compareAndSet: (table, key, expected, next, ttlMs, limits) =>
        this.#runSync(this.#compareAndSetA(table, key, expected, next, ttlMs, limits)),
      compareAndDelete: (table, key, expected) =>
        this.#runSync(this.#compareAndDeleteA(table, key, expected)),
      updateCounter: (table, key, ops, create, limits) => {
        const fast = this.#fastCounter(table, key, ops, limits);
        if (fast !== undefined) return [fast];
        return this.#runSync(this.#updateCounterA(table, key, ops, create, limits));
      },
      updateFields: (table, key, fields, create, limits) =>
        this.#runSync(this.#updateFieldsA(table, key, fields, create, limits)),
      selectDelete: (table, spec) => this.#runSync(this.#selectDeleteA(table, spec)),
      scan: (table, cursor, count) => this.#runSync(this.#scanA(table, cursor, count)),
      size: (table) => this.#runSync(this.#sizeA(table)),
      clear: (table) => this.#runSync(this.#clearA(table)),
    };
  }
}
