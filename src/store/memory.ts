/**
 * The memory store: the embedded default backend, for tasks of one event loop.
 *
 * Every method runs synchronously from start to end (the `async` wrapper only shapes the result),
 * so nothing else on the event loop can run inside it: each call is one atomic step.
 * Expiry is lazy (a read of an expired entry removes it) plus bounded reclaim: each write removes
 * up to a small batch of expired entries, found through an expiry heap — no timer per key.
 */
import { breakerStep, closedAdmission, recordClosedInPlace } from '../breaker/transitions.js';
import { type Clock, systemClock } from '../clock.js';
import {
  copyData,
  type Data,
  type DataObject,
  dataEquals,
  isDataObject,
  setField,
} from '../data.js';
import { CapacityExceededError, NotFoundError, WrongTypeError } from '../errors.js';
import { publishTableEvent } from '../events.js';
import { decodeKey, type Key } from '../keys.js';
import { decideLimits } from '../limit/decide.js';
import { decideSingle, type LimitOp, LimitStep, WRITE_DELETE, WRITE_SET } from '../limit/single.js';
import type {
  BreakerCommand,
  BreakerReply,
  BreakerRule,
  CounterOp,
  CreateOptions,
  LimitRequest,
  LimitResponse,
  LimitRule,
  Limits,
  ScanPage,
  Spec,
  Store,
  StoreEntry,
  WriteItem,
} from './contract.js';
import { applyCounterOps } from './counter.js';
import { ExpiryHeap } from './expiry-heap.js';
import { matchSpec } from './spec.js';
import { type BoundSteps, registerSyncSteps, type SyncSteps } from './sync.js';

interface Slot {
  readonly encoded: string;
  value: Data;
  expiresAt: number;
  decoded: Key | undefined;
  /** Neighbours in the table's recency list (see {@link Slots}). */
  older: Slot | undefined;
  newer: Slot | undefined;
}

/**
 * The entries of one table: a Map by encoded key, plus a doubly linked list of the same slots in
 * recency order, least recently used first. Every insertion appends to the list and every
 * deletion unlinks (whoever deletes: it is this Map's own `set`/`delete`), and `use` moves a slot
 * to the newest end in O(1). Map order stays insertion order, so a scan never meets an entry
 * twice; re-inserting a used entry into the Map instead (the former scheme) left a hole per use,
 * and each eviction walked past all of them from the start.
 */
class Slots extends Map<string, Slot> {
  #oldest: Slot | undefined;
  #newest: Slot | undefined;

  /** The least recently used slot. */
  get oldest(): Slot | undefined {
    return this.#oldest;
  }

  override set(key: string, slot: Slot): this {
    const old = super.get(key);
    if (old === slot) return this;
    if (old !== undefined) this.#unlink(old);
    super.set(key, slot);
    this.#append(slot);
    return this;
  }

  override delete(key: string): boolean {
    const slot = super.get(key);
    if (slot === undefined) return false;
    this.#unlink(slot);
    return super.delete(key);
  }

  override clear(): void {
    super.clear();
    this.#oldest = undefined;
    this.#newest = undefined;
  }

  /** Marks `slot` (an entry of this map) the most recently used. */
  use(slot: Slot): void {
    if (slot === this.#newest) return;
    this.#unlink(slot);
    this.#append(slot);
  }

  #append(slot: Slot): void {
    slot.older = this.#newest;
    slot.newer = undefined;
    if (this.#newest === undefined) this.#oldest = slot;
    else this.#newest.newer = slot;
    this.#newest = slot;
  }

  #unlink(slot: Slot): void {
    const { older, newer } = slot;
    if (older === undefined) this.#oldest = newer;
    else older.newer = newer;
    if (newer === undefined) this.#newest = older;
    else newer.older = older;
    slot.older = undefined;
    slot.newer = undefined;
  }
}

class TableState {
  readonly data = new Slots();
  readonly heap = new ExpiryHeap<Slot>();
  /** Entries evicted (LRU) from this table so far. */
  evicted = 0;
}

interface MemoryCursor {
  readonly table: string;
  readonly it: Iterator<Slot>;
}

/** Options of {@link MemoryStore}. */
export interface MemoryStoreOptions {
  /** Source of time for TTLs; inject a ManualClock in tests. Default: systemClock. */
  readonly clock?: Clock;
}

const RECLAIM_BATCH = 16;

let bindTable: (store: MemoryStore, table: string) => BoundSteps;

/**
 * @internal Synchronous forms of some MemoryStore steps, for the policies' in-process fast paths.
 * Each is exactly the step the async method runs (the async method only wraps it in a promise).
 */
export interface MemorySync {
  get(table: string, key: string, limits?: Limits): Data | undefined;
  updateCounter(
    table: string,
    key: string,
    ops: readonly CounterOp[],
    create: CreateOptions,
    limits: Limits,
  ): number[];
  rateLimit(request: LimitRequest): LimitResponse;
  /**
   * `rateLimit` for one item without the request/response shapes; the answer is the store's
   * reusable record, valid until its next step.
   */
  rateLimitOne(
    op: LimitOp,
    table: string,
    key: string,
    rule: LimitRule,
    cost: number,
    consumeOnReject: boolean,
    blockMs: number,
  ): LimitStep;
  breaker(table: string, key: string, command: BreakerCommand, rule: BreakerRule): BreakerReply;
  /** The closed-state breaker fast steps on `table` (looked up once, here). */
  breakerSteps(table: string): BreakerFastSteps;
}

/** @internal Closed-state breaker steps on one table of a MemoryStore. */
export interface BreakerFastSteps {
  /** Closed-state `admit` that writes nothing: the generation, or undefined (run `breaker`). */
  admit(key: string): number | undefined;
  /** Closed-state `record` that moves no state, in place: false means run `breaker`. */
  record(key: string, generation: number, failed: boolean, rule: BreakerRule): boolean;
}

const syncOf = new WeakMap<object, MemorySync>();

/**
 * @internal The synchronous steps of `store` when it is a plain MemoryStore (constructed as
 * such: a subclass or a wrapper such as a Proxy may change the methods, so it gets undefined and
 * must be called through its async methods).
 */
export function memorySync(store: unknown): MemorySync | undefined {
  return syncOf.get(store as object);
}

/**
 * The in-process store. Share one instance between tables (by name) that must see the same
 * state; separate instances never share anything.
 * @example
 * const store = new MemoryStore();
 * const a = new Table('hits', { store }); const b = new Table('hits', { store }); // same data
 */
export class MemoryStore implements Store {
  readonly backend = 'memory';
  readonly #clock: Clock;
  readonly #tables = new Map<string, TableState>();

  static {
    /**
     * The hot steps of one table. One class for every table and store, rather than closures made
     * per table: a call site that meets many closures of one function cannot inline them.
     * A table's state is created once and never replaced (clear empties it in place).
     */
    class Bound implements BoundSteps {
      readonly #store: MemoryStore;
      readonly #table: string;
      readonly #st: TableState;

      constructor(store: MemoryStore, table: string) {
        this.#store = store;
        this.#table = table;
        this.#st = store.#state(table);
      }

      get(key: string, limits?: Limits): Data | undefined {
        return this.#store.#getIn(this.#st, key, limits);
      }

      increment(key: string, incr: number, create: CreateOptions, limits: Limits): number {
        return this.#store.#increment(this.#table, this.#st, key, incr, create, limits);
      }

      evictions(): number {
        return this.#st.evicted;
      }
    }
    bindTable = (store, table) => new Bound(store, table);
  }

  constructor(options: MemoryStoreOptions = {}) {
    this.#clock = options.clock ?? systemClock;
    if (new.target === MemoryStore) {
      syncOf.set(this, {
        get: (table, key, limits) => this.#get(table, key, limits),
        updateCounter: (table, key, ops, create, limits) =>
          this.#updateCounter(table, key, ops, create, limits),
        rateLimit: (request) => this.#rateLimit(request),
        rateLimitOne: (op, table, key, rule, cost, consumeOnReject, blockMs) =>
          this.#rateLimitOne(op, table, key, rule, cost, consumeOnReject, blockMs),
        breaker: (table, key, command, rule) => this.#breaker(table, key, command, rule),
        breakerSteps: (table) => {
          // Tables are never removed from #tables, so this state stays the table's.
          const st = this.#state(table);
          return {
            admit: (key) => this.#breakerAdmit(st, key),
            record: (key, generation, failed, rule) =>
              this.#breakerRecord(table, st, key, generation, failed, rule),
          };
        },
      });
      registerSyncSteps(this, this.#syncSteps());
    }
  }

  #state(table: string): TableState {
    let st = this.#tables.get(table);
    if (st === undefined) {
      st = new TableState();
      this.#tables.set(table, st);
    }
    return st;
  }

  #live(st: TableState, key: string, now: number): Slot | undefined {
    const slot = st.data.get(key);
    if (slot === undefined) return undefined;
    // Before the earliest item of the expiry heap nothing can have expired (see #write).
    if (st.heap.length !== 0 && now >= st.heap.peekAt() && slot.expiresAt <= now) {
      st.data.delete(key);
      return undefined;
    }
    return slot;
  }

  /** Removes up to `budget` expired entries (all of them for Infinity). */
  #reclaim(table: string, st: TableState, now: number, budget: number): void {
    // Nothing due and no stale items to drop: the common case, small enough to be inlined.
    const heap = st.heap;
    if (heap.length === 0 || (heap.peekAt() > now && heap.length <= 2 * st.data.size + 64)) return;
    this.#reclaimDue(table, st, now, budget);
  }

  #reclaimDue(table: string, st: TableState, now: number, budget: number): void {
    let removed = 0;
    let popped = 0;
    while (st.heap.peekAt() <= now && popped < budget * 4) {
      const item = st.heap.pop()!;
      popped++;
      const slot = item.ref;
      if (st.data.get(slot.encoded) !== slot) continue; // deleted since
      if (slot.expiresAt <= now) {
        st.data.delete(slot.encoded);
        if (++removed >= budget) break;
      } else if (slot.expiresAt !== Number.POSITIVE_INFINITY) {
        // Its expiry moved later (see #write): the item follows it now.
        st.heap.push({ at: slot.expiresAt, ref: slot });
      }
    }
    if (st.heap.length > 2 * st.data.size + 64) {
      const items = [];
      for (const slot of st.data.values()) {
        if (slot.expiresAt !== Number.POSITIVE_INFINITY)
          items.push({ at: slot.expiresAt, ref: slot });
      }
      st.heap.rebuild(items);
    }
    if (removed > 0) publishTableEvent(() => ({ table, event: 'expired', count: removed }));
  }

  #write(
    st: TableState,
    key: string,
    value: Data,
    expiresAt: number,
    existing: Slot | undefined,
  ): void {
    if (existing !== undefined) {
      existing.value = value;
      // Invariant: every live slot with a finite expiry has a heap item at or before it. A later
      // expiry is covered by the item already there (reclaim moves it on when it pops), so only
      // an earlier one needs a new item: rewriting a hot key with a TTL pushes nothing.
      if (expiresAt < existing.expiresAt) st.heap.push({ at: expiresAt, ref: existing });
      existing.expiresAt = expiresAt;
      return;
    }
    const slot: Slot = {
      encoded: key,
      value,
      expiresAt,
      decoded: undefined,
      older: undefined,
      newer: undefined,
    };
    st.data.set(key, slot);
    if (expiresAt !== Number.POSITIVE_INFINITY) st.heap.push({ at: expiresAt, ref: slot });
  }

  /** Makes room for `created` new keys: reclaims expired entries, then evicts (LRU) or throws. */
  #ensureRoom(
    table: string,
    st: TableState,
    created: number,
    limits: Limits,
    now: number,
    protect: ReadonlySet<string> | string,
  ): void {
    const max = limits.maxEntries;
    if (max === undefined || created === 0) return;
    if (st.data.size + created <= max) return;
    this.#reclaim(table, st, now, Number.POSITIVE_INFINITY);
    if (limits.evict === 'lru' && created <= max) {
      let evicted = 0;
      let slot = st.data.oldest;
      while (slot !== undefined && st.data.size + created > max) {
        const newer = slot.newer; // read before the delete unlinks it
        const key = slot.encoded;
        if (typeof protect === 'string' ? key !== protect : !protect.has(key)) {
          st.data.delete(key);
          evicted++;
        }
        slot = newer;
      }
      st.evicted += evicted;
      if (evicted > 0) publishTableEvent(() => ({ table, event: 'evicted', count: evicted }));
    }
    if (st.data.size + created > max) {
      publishTableEvent(() => ({ table, event: 'capacity-exceeded', limit: max }));
      throw new CapacityExceededError(`table '${table}'`, max);
    }
  }

  /** In an LRU table, marks a slot most recently used. */
  #touch(st: TableState, slot: Slot, limits: Limits | undefined): void {
    if (limits?.evict === 'lru') st.data.use(slot);
  }

  /**
   * The clock, read only when time matters: a table with no expiring entry (empty expiry heap)
   * and a write without TTL need no time at all.
   */
  #now(st: TableState, needed: boolean): number {
    return needed || st.heap.length > 0 ? this.#clock.now() : 0;
  }

  #expiry(now: number, ttlMs: number | undefined): number {
    return ttlMs === undefined ? Number.POSITIVE_INFINITY : now + ttlMs;
  }

  /**
   * Internal sizes of one table, for metrics and leak tests: `entries` (including expired ones not
   * yet reclaimed) and `expiryIndex` (items in the expiry heap, at most 2 × entries + 64 after any
   * write). Reading it changes nothing.
   * @example store.stats('sessions') // { entries: 10, expiryIndex: 10 }
   */
  stats(table: string): { entries: number; expiryIndex: number } {
    const st = this.#tables.get(table);
    return { entries: st?.data.size ?? 0, expiryIndex: st?.heap.length ?? 0 };
  }

  async get(table: string, key: string, limits?: Limits): Promise<Data | undefined> {
    return this.#get(table, key, limits);
  }

  #get(table: string, key: string, limits?: Limits): Data | undefined {
    return this.#getIn(this.#state(table), key, limits);
  }

  #getIn(st: TableState, key: string, limits: Limits | undefined): Data | undefined {
    const slot = this.#live(st, key, this.#now(st, false));
    if (slot === undefined) return undefined;
    this.#touch(st, slot, limits);
    return copyData(slot.value);
  }

  async put(
    table: string,
    items: readonly WriteItem[],
    mode: 'set' | 'insertNew',
    limits: Limits,
  ): Promise<boolean> {
    return this.#put(table, items, mode, limits);
  }

  #put(
    table: string,
    items: readonly WriteItem[],
    mode: 'set' | 'insertNew',
    limits: Limits,
  ): boolean {
    const st = this.#state(table);
    if (items.length === 1) return this.#putOne(table, st, items[0]!, mode, limits);
    const now = this.#now(
      st,
      items.some((item) => item.ttlMs !== undefined),
    );
    this.#reclaim(table, st, now, Math.max(RECLAIM_BATCH, 2 * items.length));
    const fresh = new Set<string>();
    for (const item of items) {
      if (this.#live(st, item.key, now) === undefined) fresh.add(item.key);
      else if (mode === 'insertNew') return false;
    }
    const keys = new Set(items.map((item) => item.key));
    this.#ensureRoom(table, st, fresh.size, limits, now, keys);
    for (const item of items) {
      const slot = st.data.get(item.key);
      this.#write(st, item.key, item.value, this.#expiry(now, item.ttlMs), slot);
      if (slot !== undefined) this.#touch(st, slot, limits);
    }
    return true;
  }

  /** `#put` of one item: the same step without the sets a batch needs. */
  #putOne(
    table: string,
    st: TableState,
    item: WriteItem,
    mode: 'set' | 'insertNew',
    limits: Limits,
  ): boolean {
    const now = this.#now(st, item.ttlMs !== undefined);
    this.#reclaim(table, st, now, RECLAIM_BATCH);
    const slot = this.#live(st, item.key, now);
    if (slot === undefined) this.#ensureRoom(table, st, 1, limits, now, item.key);
    else if (mode === 'insertNew') return false;
    this.#write(st, item.key, item.value, this.#expiry(now, item.ttlMs), slot);
    if (slot !== undefined) this.#touch(st, slot, limits);
    return true;
  }

  async take(table: string, key: string): Promise<Data | undefined> {
    return this.#take(table, key);
  }

  #take(table: string, key: string): Data | undefined {
    const st = this.#state(table);
    const slot = this.#live(st, key, this.#now(st, false));
    if (slot === undefined) return undefined;
    st.data.delete(key);
    return slot.value;
  }

  async delete(table: string, key: string): Promise<boolean> {
    return this.#delete(table, key);
  }

  #delete(table: string, key: string): boolean {
    const st = this.#state(table);
    if (this.#live(st, key, this.#now(st, false)) === undefined) return false;
    return st.data.delete(key);
  }

  async compareAndSet(
    table: string,
    key: string,
    expected: Data | undefined,
    next: Data,
    ttlMs: number | undefined,
    limits: Limits,
  ): Promise<boolean> {
    return this.#compareAndSet(table, key, expected, next, ttlMs, limits);
  }

  #compareAndSet(
    table: string,
    key: string,
    expected: Data | undefined,
    next: Data,
    ttlMs: number | undefined,
    limits: Limits,
  ): boolean {
    const st = this.#state(table);
    const now = this.#now(st, ttlMs !== undefined);
    this.#reclaim(table, st, now, RECLAIM_BATCH);
    const slot = this.#live(st, key, now);
    if (slot === undefined) {
      if (expected !== undefined) return false;
      this.#ensureRoom(table, st, 1, limits, now, key);
      this.#write(st, key, next, this.#expiry(now, ttlMs), undefined);
      return true;
    }
    if (expected === undefined || !dataEquals(slot.value, expected)) return false;
    this.#write(st, key, next, ttlMs === undefined ? slot.expiresAt : now + ttlMs, slot);
    this.#touch(st, slot, limits);
    return true;
  }

  async compareAndDelete(table: string, key: string, expected: Data): Promise<boolean> {
    return this.#compareAndDelete(table, key, expected);
  }

  #compareAndDelete(table: string, key: string, expected: Data): boolean {
    const st = this.#state(table);
    const slot = this.#live(st, key, this.#now(st, false));
    if (slot === undefined || !dataEquals(slot.value, expected)) return false;
    return st.data.delete(key);
  }

  async updateCounter(
    table: string,
    key: string,
    ops: readonly CounterOp[],
    create: CreateOptions,
    limits: Limits,
  ): Promise<number[]> {
    return this.#updateCounter(table, key, ops, create, limits);
  }

  #updateCounter(
    table: string,
    key: string,
    ops: readonly CounterOp[],
    create: CreateOptions,
    limits: Limits,
  ): number[] {
    const st = this.#state(table);
    const now = this.#now(st, create.ttlMs !== undefined);
    this.#reclaim(table, st, now, RECLAIM_BATCH);
    return this.#counterStep(table, st, key, now, ops, create, limits);
  }

  /**
   * `updateCounter(table, key, [{ incr }], ...)[0]`: an existing integer counter that stays in
   * range is added to in place (no op list, no result array); anything else takes the general
   * step, which gives the same result or the same error.
   */
  #increment(
    table: string,
    st: TableState,
    key: string,
    incr: number,
    create: CreateOptions,
    limits: Limits,
  ): number {
    let now = 0;
    let slot: Slot | undefined;
    if (st.heap.length === 0 && create.ttlMs === undefined) {
      // Nothing in the table can expire: what #now, #reclaim and #live reduce to (kept apart so
      // this path is not compiled with theirs, which tables with TTLs make generic).
      slot = st.data.get(key);
    } else {
      now = this.#now(st, create.ttlMs !== undefined);
      this.#reclaim(table, st, now, RECLAIM_BATCH);
      slot = this.#live(st, key, now);
    }
    if (slot !== undefined) {
      const cur = slot.value;
      if (typeof cur === 'number' && Number.isInteger(cur)) {
        const next = cur + incr;
        if (Number.isSafeInteger(next)) {
          slot.value = next;
          this.#touch(st, slot, limits);
          return next;
        }
      }
    }
    return this.#counterStep(table, st, key, now, [{ incr }], create, limits)[0]!;
  }

  /** The part of `updateCounter` after the clock read and the reclaim. */
  #counterStep(
    table: string,
    st: TableState,
    key: string,
    now: number,
    ops: readonly CounterOp[],
    create: CreateOptions,
    limits: Limits,
  ): number[] {
    const slot = this.#live(st, key, now);
    let base: Data;
    if (slot !== undefined) base = slot.value;
    else if (create.default !== undefined) base = create.default;
    else throw new NotFoundError(decodeKey(key));
    const { value, results } = applyCounterOps(base, ops);
    if (slot === undefined) {
      this.#ensureRoom(table, st, 1, limits, now, key);
      this.#write(
        st,
        key,
        value === base ? copyData(value) : value,
        this.#expiry(now, create.ttlMs),
        undefined,
      );
    } else {
      slot.value = value;
      this.#touch(st, slot, limits);
    }
    return results;
  }

  async updateFields(
    table: string,
    key: string,
    fields: Readonly<Record<string, Data>>,
    create: CreateOptions,
    limits: Limits,
  ): Promise<boolean> {
    return this.#updateFields(table, key, fields, create, limits);
  }

  #updateFields(
    table: string,
    key: string,
    fields: Readonly<Record<string, Data>>,
    create: CreateOptions,
    limits: Limits,
  ): boolean {
    const st = this.#state(table);
    const now = this.#now(st, create.ttlMs !== undefined);
    this.#reclaim(table, st, now, RECLAIM_BATCH);
    const slot = this.#live(st, key, now);
    const base = slot !== undefined ? slot.value : create.default;
    if (base === undefined) return false;
    if (!isDataObject(base)) {
      throw new WrongTypeError(
        slot === undefined ? 'default' : 'key',
        'the value is not a plain object',
      );
    }
    const next: Record<string, Data> = { ...(base as DataObject) };
    for (const f of Object.keys(fields)) setField(next, f, fields[f]!);
    if (slot === undefined) {
      this.#ensureRoom(table, st, 1, limits, now, key);
      this.#write(st, key, copyData(next), this.#expiry(now, create.ttlMs), undefined);
    } else {
      slot.value = next;
      this.#touch(st, slot, limits);
    }
    return true;
  }

  async selectDelete(table: string, spec: Spec): Promise<number> {
    return this.#selectDelete(table, spec);
  }

  #selectDelete(table: string, spec: Spec): number {
    const st = this.#state(table);
    const now = this.#now(st, false);
    let count = 0;
    for (const [key, slot] of st.data) {
      if (slot.expiresAt <= now) {
        st.data.delete(key);
        continue;
      }
      const decode = () => {
        slot.decoded ??= decodeKey(slot.encoded);
        return slot.decoded;
      };
      if (matchSpec(spec, decode, slot.value)) {
        st.data.delete(key);
        count++;
      }
    }
    return count;
  }

  async scan(table: string, cursor: unknown, count: number): Promise<ScanPage> {
    return this.#scan(table, cursor, count);
  }

  #scan(table: string, cursor: unknown, count: number): ScanPage {
    const st = this.#state(table);
    const now = this.#now(st, false);
    let it: Iterator<Slot>;
    if (cursor === undefined) {
      it = st.data.values();
    } else {
      const c = cursor as MemoryCursor;
      if (c.table !== table) throw new TypeError('cursor belongs to another table');
      it = c.it;
    }
    const entries: StoreEntry[] = [];
    while (entries.length < count) {
      const step = it.next();
      if (step.done) return { entries, cursor: null };
      const slot = step.value;
      if (slot.expiresAt <= now) {
        st.data.delete(slot.encoded);
        continue;
      }
      entries.push({ key: slot.encoded, value: copyData(slot.value) });
    }
    return { entries, cursor: { table, it } satisfies MemoryCursor };
  }

  async size(table: string): Promise<number> {
    return this.#size(table);
  }

  #size(table: string): number {
    const st = this.#state(table);
    this.#reclaim(table, st, this.#now(st, false), Number.POSITIVE_INFINITY);
    return st.data.size;
  }

  async clear(table: string): Promise<number> {
    return this.#clear(table);
  }

  #clear(table: string): number {
    const st = this.#state(table);
    this.#reclaim(table, st, this.#now(st, false), Number.POSITIVE_INFINITY);
    const n = st.data.size;
    // Map#clear (not a new Map) ends every live scan cursor over this table.
    st.data.clear();
    st.heap.clear();
    return n;
  }

  async modify(
    table: string,
    key: string,
    fn: (current: Data | undefined) => Data | undefined,
    ttlMs: number | undefined,
    limits: Limits,
  ): Promise<Data | undefined> {
    return this.#modify(table, key, fn, ttlMs, limits);
  }

  #modify(
    table: string,
    key: string,
    fn: (current: Data | undefined) => Data | undefined,
    ttlMs: number | undefined,
    limits: Limits,
  ): Data | undefined {
    const st = this.#state(table);
    const now = this.#now(st, ttlMs !== undefined);
    this.#reclaim(table, st, now, RECLAIM_BATCH);
    const slot = this.#live(st, key, now);
    const next = fn(slot === undefined ? undefined : copyData(slot.value));
    if (next === undefined) {
      if (slot !== undefined) st.data.delete(key);
      return undefined;
    }
    if (slot === undefined) {
      this.#ensureRoom(table, st, 1, limits, now, key);
      this.#write(st, key, next, this.#expiry(now, ttlMs), undefined);
    } else {
      this.#write(st, key, next, ttlMs === undefined ? slot.expiresAt : now + ttlMs, slot);
      this.#touch(st, slot, limits);
    }
    return copyData(next);
  }

  /** The synchronous steps this store registers (see `store/sync.ts`); each is the async step. */
  #syncSteps(): SyncSteps {
    return {
      inline: true,
      get: (table, key, limits) => this.#get(table, key, limits),
      put: (table, items, mode, limits) => this.#put(table, items, mode, limits),
      take: (table, key) => this.#take(table, key),
      delete: (table, key) => this.#delete(table, key),
      compareAndSet: (table, key, expected, next, ttlMs, limits) =>
        this.#compareAndSet(table, key, expected, next, ttlMs, limits),
      compareAndDelete: (table, key, expected) => this.#compareAndDelete(table, key, expected),
      updateCounter: (table, key, ops, create, limits) =>
        this.#updateCounter(table, key, ops, create, limits),
      updateFields: (table, key, fields, create, limits) =>
        this.#updateFields(table, key, fields, create, limits),
      selectDelete: (table, spec) => this.#selectDelete(table, spec),
      scan: (table, cursor, count) => this.#scan(table, cursor, count),
      size: (table) => this.#size(table),
      clear: (table) => this.#clear(table),
      modify: (table, key, fn, ttlMs, limits) => this.#modify(table, key, fn, ttlMs, limits),
      bind: (table) => bindTable(this, table),
    };
  }

  /**
   * One rate-limit decision over all its items' entries (see `decideLimits`), in one synchronous
   * step: reads every entry, decides, writes each changed entry with its TTL or deletes it.
   */
  async rateLimit(request: LimitRequest): Promise<LimitResponse> {
    return this.#rateLimit(request);
  }

  #rateLimit(request: LimitRequest): LimitResponse {
    const now = this.#clock.now();
    // Reclaim before reading: reclaiming publishes `expired` events whose subscribers run now and
    // may call back into the store — before this step reads, never between its read and writes.
    for (const item of request.items) {
      this.#reclaim(item.table, this.#state(item.table), now, RECLAIM_BATCH);
    }
    const values = request.items.map((item) => {
      const st = this.#state(item.table);
      return this.#live(st, item.key, now)?.value;
    });
    const { response, writes } = decideLimits(request, values, now);
    for (const w of writes) {
      const st = this.#state(w.table);
      const slot = this.#live(st, w.key, now);
      if (w.value === null) {
        if (slot !== undefined) st.data.delete(w.key);
      } else {
        this.#write(st, w.key, w.value, now + w.ttlMs, slot);
      }
    }
    return response;
  }

  /** The record every `#rateLimitOne` answers with (one step at a time: nothing awaits inside). */
  readonly #limitStep = new LimitStep();

  /**
   * `#rateLimit` for one item (see `decideSingle`): the same decision, value and TTL, with no
   * request, response or copy of the state; the stored value is updated in place when it has
   * the shape to write.
   */
  #rateLimitOne(
    op: LimitOp,
    table: string,
    key: string,
    rule: LimitRule,
    cost: number,
    consumeOnReject: boolean,
    blockMs: number,
  ): LimitStep {
    const st = this.#state(table);
    const now = this.#clock.now();
    // Before reading (see #rateLimit): a listener's call runs to its end before this one reads.
    this.#reclaim(table, st, now, RECLAIM_BATCH);
    const slot = this.#live(st, key, now);
    const step = this.#limitStep;
    decideSingle(step, op, slot?.value, rule, cost, consumeOnReject, blockMs, now);
    if (step.write === WRITE_SET) {
      const expiresAt = now + step.ttlMs;
      // Updated in place with an unchanged expiry (most decisions): nothing left to write.
      if (slot === undefined || slot.value !== step.value || slot.expiresAt !== expiresAt) {
        this.#write(st, key, step.value, expiresAt, slot);
      }
      step.value = null;
    } else if (step.write === WRITE_DELETE && slot !== undefined) {
      st.data.delete(key);
    }
    return step;
  }

  /** One breaker command on the entry `table`/`key` (see `breakerStep`), in one synchronous step. */
  async breaker(
    table: string,
    key: string,
    command: BreakerCommand,
    rule: BreakerRule,
  ): Promise<BreakerReply> {
    return this.#breaker(table, key, command, rule);
  }

  #breaker(table: string, key: string, command: BreakerCommand, rule: BreakerRule): BreakerReply {
    const st = this.#state(table);
    const now = this.#clock.now();
    this.#reclaim(table, st, now, RECLAIM_BATCH);
    const slot = this.#live(st, key, now);
    const { reply, value, ttlMs, write } = breakerStep(slot?.value, command, rule, now);
    if (write) {
      this.#write(st, key, value, this.#expiry(now, ttlMs), slot);
      this.#breakerValues.add(value as object);
    }
    return reply;
  }

  /**
   * Breaker values exactly as `breakerStep` wrote them (since changed only by
   * `#breakerRecord`): the only values the closed-state fast steps read. Anything else in the
   * table (a value another operation wrote) goes through the full step, which normalizes it.
   */
  readonly #breakerValues = new WeakSet<object>();

  /**
   * The `admit` step of `#breaker` for a live, closed breaker: its generation (nothing to write).
   * Undefined when that is not the case; then nothing was done and `#breaker` must run.
   */
  #breakerAdmit(st: TableState, key: string): number | undefined {
    const slot = st.data.get(key);
    if (slot === undefined || slot.expiresAt <= this.#clock.now()) return undefined;
    return closedAdmission(slot.value);
  }

  /**
   * The `record` step of `#breaker` (no lease token) for an outcome of the current generation of
   * a live, closed breaker that moves no state: updates the value in place and refreshes its TTL.
   * False when that is not the case; then nothing was done and `#breaker` must run.
   */
  #breakerRecord(
    table: string,
    st: TableState,
    key: string,
    generation: number,
    failed: boolean,
    rule: BreakerRule,
  ): boolean {
    const slot = st.data.get(key);
    if (slot === undefined || !this.#breakerValues.has(slot.value as object)) {
      return false;
    }
    const now = this.#clock.now();
    if (slot.expiresAt <= now || !recordClosedInPlace(slot.value, generation, failed, rule, now)) {
      return false;
    }
    this.#reclaim(table, st, now, RECLAIM_BATCH);
    this.#write(st, key, slot.value, now + rule.idleTtlMs, slot);
    return true;
  }
}
