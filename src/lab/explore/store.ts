/**
 * A store whose every call is a scheduling point in explore mode.
 */
import type { Data } from '../../data.js';
import { InvalidArgumentError } from '../../errors.js';
import { decodeKey } from '../../keys.js';
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
  WriteItem,
} from '../../store/contract.js';
import { currentActor } from './runtime.js';

function showKey(encoded: string): string {
  try {
    const k = decodeKey(encoded);
    return typeof k === 'string'
      ? k
      : JSON.stringify(k, (_, v) => (typeof v === 'bigint' ? `${v}n` : v));
  } catch {
    return encoded;
  }
}

function show(value: unknown): string {
  if (value === undefined) return 'undefined';
  const s = JSON.stringify(value);
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}

/**
 * Wraps any {@link Store} so that, inside an explored actor, each call first parks at a
 * scheduling point labelled `Actor:method` (`put` is labelled by its mode: `A:set` or
 * `A:insertNew`), then runs the inner call as one atomic step: nobody else is scheduled until it
 * settles, even on a backend with real I/O. The witness timeline shows each call's key and
 * result. Outside explore mode (no actor context) every call goes straight to the inner store.
 *
 * Guarantee: the wrapper adds scheduling only; it never changes arguments, results or errors.
 * `modify` exists exactly when the inner store has it (so `Table.update` keeps its path).
 * @throws InvalidArgumentError when `inner` does not look like a Store.
 * @example
 * const table = new Table<number>('hits', { store: new ExploringStore(new MemoryStore()) });
 * // inside an actor: `await table.get('k')` parks at `A:get` before reading
 */
export class ExploringStore implements Store {
  /** The wrapped store. */
  readonly inner: Store;
  readonly backend: string;
  readonly modify?: Store['modify'];

  constructor(inner: Store) {
    if (typeof inner !== 'object' || inner === null || typeof inner.get !== 'function') {
      throw new InvalidArgumentError('inner', 'must implement the Store contract');
    }
    this.inner = inner;
    this.backend = inner.backend;
    if (typeof inner.modify === 'function') {
      const modify = inner.modify.bind(inner);
      this.modify = (table, key, fn, ttlMs, limits) =>
        this.#op(
          'modify',
          () => modify(table, key, fn, ttlMs, limits),
          (r) => `${showKey(key)} → ${show(r)}`,
        );
    }
  }

  async #op<T>(op: string, call: () => Promise<T>, describe: (r: T) => string): Promise<T> {
    const c = currentActor();
    if (c === undefined) return call();
    await c.run.point(c.actor, op);
    const result = await c.run.io(c.actor, call());
    c.run.note(c.actor, describe(result));
    return result;
  }

  get(table: string, key: string, limits?: Limits): Promise<Data | undefined> {
    return this.#op(
      'get',
      () => this.inner.get(table, key, limits),
      (r) => `${showKey(key)} → ${show(r)}`,
    );
  }

  put(
    table: string,
    items: readonly WriteItem[],
    mode: 'set' | 'insertNew',
    limits: Limits,
  ): Promise<boolean> {
    const written = items.map((i) => `${showKey(i.key)}=${show(i.value)}`).join(' ');
    return this.#op(
      mode,
      () => this.inner.put(table, items, mode, limits),
      (r) => (mode === 'set' ? written : `${written} → ${r}`),
    );
  }

  take(table: string, key: string): Promise<Data | undefined> {
    return this.#op(
      'take',
      () => this.inner.take(table, key),
      (r) => `${showKey(key)} → ${show(r)}`,
    );
  }

  delete(table: string, key: string): Promise<boolean> {
    return this.#op(
      'delete',
      () => this.inner.delete(table, key),
      (r) => `${showKey(key)} → ${r}`,
    );
  }

  compareAndSet(
    table: string,
    key: string,
    expected: Data | undefined,
    next: Data,
    ttlMs: number | undefined,
    limits: Limits,
  ): Promise<boolean> {
    return this.#op(
      'compareAndSet',
      () => this.inner.compareAndSet(table, key, expected, next, ttlMs, limits),
      (r) => `${showKey(key)} ${show(expected)}→${show(next)} → ${r}`,
    );
  }

  compareAndDelete(table: string, key: string, expected: Data): Promise<boolean> {
    return this.#op(
      'compareAndDelete',
      () => this.inner.compareAndDelete(table, key, expected),
      (r) => `${showKey(key)} ${show(expected)} → ${r}`,
    );
  }

  updateCounter(
    table: string,
    key: string,
    ops: readonly CounterOp[],
    create: CreateOptions,
    limits: Limits,
  ): Promise<number[]> {
    return this.#op(
      'updateCounter',
      () => this.inner.updateCounter(table, key, ops, create, limits),
      (r) => `${showKey(key)} → ${r.join(',')}`,
    );
  }

  updateFields(
    table: string,
    key: string,
    fields: Readonly<Record<string, Data>>,
    create: CreateOptions,
    limits: Limits,
  ): Promise<boolean> {
    return this.#op(
      'updateFields',
      () => this.inner.updateFields(table, key, fields, create, limits),
      (r) => `${showKey(key)} ${show(fields)} → ${r}`,
    );
  }

  selectDelete(table: string, spec: Spec): Promise<number> {
    return this.#op(
      'selectDelete',
      () => this.inner.selectDelete(table, spec),
      (r) => `→ ${r}`,
    );
  }

  scan(table: string, cursor: unknown, count: number): Promise<ScanPage> {
    return this.#op(
      'scan',
      () => this.inner.scan(table, cursor, count),
      (r) => `→ ${r.entries.length} entries`,
    );
  }

  size(table: string): Promise<number> {
    return this.#op(
      'size',
      () => this.inner.size(table),
      (r) => `→ ${r}`,
    );
  }

  clear(table: string): Promise<number> {
    return this.#op(
      'clear',
      () => this.inner.clear(table),
      (r) => `→ ${r}`,
    );
  }

  rateLimit(request: LimitRequest): Promise<LimitResponse> {
    return this.#op(
      'rateLimit',
      () => this.inner.rateLimit(request),
      (r) => `${request.op} → ${r.allowed ? 'allowed' : 'refused'}`,
    );
  }

  breaker(
    table: string,
    key: string,
    command: BreakerCommand,
    rule: BreakerRule,
  ): Promise<BreakerReply> {
    return this.#op(
      'breaker',
      () => this.inner.breaker(table, key, command, rule),
      (r) => `${command.op} → ${r.state}`,
    );
  }
}
