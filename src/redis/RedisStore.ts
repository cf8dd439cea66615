/**
 * The Redis store: the whole store contract over Redis, each operation ONE Lua script run with
 * EVALSHA (EVAL only on NOSCRIPT, nothing else retried), so each is one atomic step on the
 * server, for every process and machine that shares the Redis. Rate-limit decisions issued
 * together (same tick, or while earlier ones of the same hash slot are in flight) share one
 * script call that decides them one after the other, each still one atomic step
 * (`limit-batch.ts`).
 *
 * Data layout, per table (`<tag>` is `{<encoded table name>}`, or `{<hashTag>}<encoded name>`
 * when the store has a `hashTag`; the encoded name uses the key codec, so it never contains a
 * brace and cannot break the hash tag):
 * - `<prefix><tag>:d` HASH   encoded key → value as canonical JSON
 * - `<prefix><tag>:x` ZSET   encoded key → expiresAt (ms, server clock) — only entries with a TTL
 * - `<prefix><tag>:u` ZSET   encoded key → recency stamp — only tables with `evict: 'lru'`
 *
 * All keys of a table share one hash tag, so every script touches one cluster slot.
 *
 * Time is the server's `TIME` (ms) read inside each script; no app server's clock is used.
 * Expiry is lazy (an expired entry is invisible from its expiry time on, and removed when an
 * operation meets it) plus bounded reclaim (each write removes up to 16 expired entries, oldest
 * first, through the `:x` index) — no timers, no KEYS, no SCAN. `size` and `clear` are exact
 * without walking (HLEN minus the expired count in `:x`).
 *
 * Nothing is left behind: when every entry of a table has a TTL, the table's Redis keys get a
 * PEXPIREAT at the latest expiry, so a table nobody touches again vanishes on its own; an entry
 * without TTL makes them PERSIST (it lives until deleted, as on every backend); an emptied table
 * leaves no key. Rate-limit entries always carry a TTL, so rate-limit tables always expire.
 *
 * Costs: every operation is O(log n) in its table, except `selectDelete` (one HGETALL pass over
 * the table inside its script: it blocks Redis for that pass, so keep such tables moderate) and
 * `clear` (one DEL). `scan` pages with HSCAN, so `entries()` may yield an entry twice (the
 * contract's "at least once"). LRU eviction considers entries written or read with the LRU
 * limits (a table always used through one `Table` with `evict: 'lru'` has all of them).
 *
 * Values are canonical JSON made in JS; the Lua side decodes and re-encodes them with its own
 * exact codec (not cjson). String order in `selectDelete` is UTF-8 byte order (= code point
 * order; strings holding lone surrogates compare as WTF-8 there).
 */
import type { Clock } from '../clock.js';
import type { Data } from '../data.js';
import {
  CapacityExceededError,
  InvalidArgumentError,
  NotACounterError,
  NotFoundError,
  OutOfRangeError,
  WrongTypeError,
} from '../errors.js';
import { publishTableEvent } from '../events.js';
import { decodeKey, encodeKey } from '../keys.js';
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
import { type LuaScript, type ScriptRunner, scriptRunner } from './adapter.js';
import { canonicalJson } from './json.js';
import { LimitBatcher } from './limit-batch.js';
import { type Scripts, scriptsFor } from './scripts.js';

/**
 * Options of {@link RedisStore}.
 * @example
 * const options: RedisStoreOptions = { client: new Redis(), prefix: 'myapp:', hashTag: 'myapp' };
 */
export interface RedisStoreOptions {
  /**
   * An ioredis client or Cluster, or a node-redis client or cluster (v4+), already configured.
   * The store never closes it.
   */
  readonly client: unknown;
  /** Prefix of every Redis key the store writes. No `{` or `}`. Default `'raceless:'`. */
  readonly prefix?: string;
  /**
   * Puts every table of this store in one Redis Cluster slot (`{hashTag}`), so a `rateLimit`
   * call over several tables (per user AND per route) works on Redis Cluster. Without it each
   * table has its own slot, and such a call fails there with InvalidArgumentError. Not needed on
   * a single Redis. Non-empty, no `{` or `}`. Default: none.
   */
  readonly hashTag?: string;
}

/**
 * The Redis keys of one table (see the data layout in {@link RedisStore}).
 * @example
 * const { data, expiry } = store.redisKeys('sessions'); // 'raceless:{ssessions}:d', '...:x'
 */
export interface RedisTableKeys {
  /** HASH: encoded key → canonical JSON value. */
  readonly data: string;
  /** ZSET: encoded key → expiry time (ms) of entries with a TTL. */
  readonly expiry: string;
  /** ZSET: encoded key → recency stamp, in tables with `evict: 'lru'`. */
  readonly recency: string;
}

/**
 * Test hook (not exported from `raceless/redis`): a manual clock whose time the scripts use
 * instead of the server's `TIME`; keys then get no physical expiry.
 */
export const manualClock: unique symbol = Symbol('raceless.redis.manualClock');

interface ScanCursor {
  readonly table: string;
  readonly c: string;
}

const MAX_CACHED_TABLES = 4_096;

function checkTagPart(argument: string, value: unknown, allowEmpty: boolean): string {
  if (typeof value !== 'string' || (!allowEmpty && value.length === 0)) {
    throw new InvalidArgumentError(
      argument,
      allowEmpty ? 'must be a string' : 'must be a non-empty string',
    );
  }
  if (value.includes('{') || value.includes('}')) {
    throw new InvalidArgumentError(
      argument,
      'must not contain { or } (they would move the hash tag)',
    );
  }
  return value;
}

function errorMessage(error: unknown): string {
  const m = (error as { message?: unknown })?.message;
  return typeof m === 'string' ? m : '';
}

/**
 * The store contract on Redis (or Valkey, Redis Cluster): each operation is one Lua script on the
 * server's clock, so tables, rate limits and breakers are shared race-free by every process and
 * machine using the same Redis. Pass it as `store` to Table, RateLimiter, CircuitBreaker, Cache,
 * Registry and the rest. `update` runs as an optimistic compare-and-set loop (Redis cannot run a
 * JS function inside its atomic step).
 * @throws InvalidArgumentError (`options`, `options.client`, `options.prefix`,
 * `options.hashTag`) for bad options. Operations throw the contract's typed errors, and
 * StoreUnavailableError when Redis cannot be reached (the outcome is then unknown; nothing is
 * retried).
 * @example
 * import { Redis } from 'ioredis';
 * import { Table, RateLimiter } from 'raceless';
 * import { RedisStore } from 'raceless/redis';
 * const store = new RedisStore({ client: new Redis('redis://127.0.0.1:6379') });
 * const hits = new Table<number>('hits', { store });
 * await hits.updateCounter('home', 1, { default: 0 }); // exact across every process
 * const login = new RateLimiter('login', { store, limit: 5, windowMs: 60_000 });
 */
export class RedisStore implements Store {
  readonly backend = 'redis';
  /** Prefix of every key this store writes. */
  readonly prefix: string;
  /** The hash tag shared by all tables, or undefined (one slot per table). */
  readonly hashTag: string | undefined;
  readonly #runner: ScriptRunner;
  readonly #scripts: Scripts;
  readonly #clock: Clock | undefined;
  readonly #keys = new Map<string, RedisTableKeys>();
  readonly #slots = new Map<string, string>();
  readonly #limits: LimitBatcher;

  constructor(options: RedisStoreOptions) {
    if (typeof options !== 'object' || options === null) {
      throw new InvalidArgumentError('options', 'must be an object with a client');
    }
    for (const k of Object.keys(options)) {
      if (k !== 'client' && k !== 'prefix' && k !== 'hashTag') {
        throw new InvalidArgumentError('options', `unknown option '${k}'`);
      }
    }
    this.#runner = scriptRunner(options.client);
    this.prefix = checkTagPart('options.prefix', options.prefix ?? 'raceless:', true);
    this.hashTag =
      options.hashTag === undefined
        ? undefined
        : checkTagPart('options.hashTag', options.hashTag, false);
    const clock = (options as { [manualClock]?: Clock })[manualClock];
    this.#clock = clock;
    this.#scripts = scriptsFor(clock === undefined ? 'server' : 'argv');
    this.#limits = new LimitBatcher({
      runner: this.#runner,
      script: this.#scripts.rateLimit,
      clock,
      keysOf: (table) => {
        const k = this.redisKeys(table);
        return [k.data, k.expiry];
      },
      slotOf: (table) => this.#slotOf(table),
      mapError: (error, table) => this.#mapError(error, { table }),
      expired: (table, count) => publishTableEvent(() => ({ table, event: 'expired', count })),
    });
  }

  /** The hash tag of the table's keys: the store's hashTag, or the encoded table name. */
  #slotOf(table: string): string {
    if (this.hashTag !== undefined) return this.hashTag;
    let slot = this.#slots.get(table);
    if (slot === undefined) {
      slot = encodeKey(table, 'table');
      if (this.#slots.size >= MAX_CACHED_TABLES) this.#slots.clear();
      this.#slots.set(table, slot);
    }
    return slot;
  }

  /**
   * The Redis keys holding one table (for operations and debugging; write them only through the
   * store).
   * @example store.redisKeys('sessions').data // 'raceless:{ssessions}:d'
   */
  redisKeys(table: string): RedisTableKeys {
    let k = this.#keys.get(table);
    if (k === undefined) {
      const name = encodeKey(table, 'table');
      const base =
        this.hashTag === undefined
          ? `${this.prefix}{${name}}`
          : `${this.prefix}{${this.hashTag}}${name}`;
      k = { data: `${base}:d`, expiry: `${base}:x`, recency: `${base}:u` };
      if (this.#keys.size >= MAX_CACHED_TABLES) this.#keys.clear();
      this.#keys.set(table, k);
    }
    return k;
  }

  #tableKeys(table: string): string[] {
    const k = this.redisKeys(table);
    return [k.data, k.expiry, k.recency];
  }

  async #run(
    script: LuaScript,
    keys: readonly string[],
    args: readonly (string | number)[],
    context: { table?: string; key?: string },
  ): Promise<unknown> {
    const now = this.#clock === undefined ? '' : String(this.#clock.now());
    try {
      return await this.#runner.run(script, keys, [now, ...args]);
    } catch (error) {
      throw this.#mapError(error, context);
    }
  }

  #mapError(error: unknown, context: { table?: string; key?: string }): unknown {
    const message = errorMessage(error);
    if (message.startsWith('RACELESS ')) {
      const space = message.indexOf(' ', 9);
      const code = message.slice(9, space);
      const payload = JSON.parse(message.slice(space + 1)) as [string, string];
      switch (code) {
        case 'NOT_FOUND':
          return new NotFoundError(decodeKey(context.key ?? ''));
        case 'NOT_A_COUNTER':
          return new NotACounterError(payload[0], payload[1]);
        case 'OUT_OF_RANGE':
          return new OutOfRangeError(payload[0], payload[1]);
        case 'WRONG_TYPE':
          return new WrongTypeError(payload[0], payload[1]);
        case 'CAPACITY': {
          const limit = Number(payload[0]);
          const table = context.table ?? '';
          publishTableEvent(() => ({ table, event: 'capacity-exceeded', limit }));
          return new CapacityExceededError(`table '${table}'`, limit);
        }
      }
    }
    if (message.startsWith('CROSSSLOT')) {
      return new InvalidArgumentError(
        'items',
        'the tables of one call map to different Redis Cluster slots; give the RedisStore a hashTag so all its tables share one slot',
      );
    }
    return error;
  }

  #published(table: string, reply: unknown, expiredAt: number, evictedAt: number): void {
    const r = reply as unknown[];
    const expired = Number(r[expiredAt] ?? 0);
    const evicted = evictedAt < 0 ? 0 : Number(r[evictedAt] ?? 0);
    if (expired > 0) publishTableEvent(() => ({ table, event: 'expired', count: expired }));
    if (evicted > 0) publishTableEvent(() => ({ table, event: 'evicted', count: evicted }));
  }

  async get(table: string, key: string, limits?: Limits): Promise<Data | undefined> {
    const raw = await this.#run(
      this.#scripts.get,
      this.#tableKeys(table),
      [key, limits?.evict === 'lru' ? '1' : ''],
      { table, key },
    );
    return raw === null || raw === undefined ? undefined : (JSON.parse(raw as string) as Data);
  }

  async put(
    table: string,
    items: readonly WriteItem[],
    mode: 'set' | 'insertNew',
    limits: Limits,
  ): Promise<boolean> {
    const args: (string | number)[] = [mode, ...limitArgs(limits)];
    for (const item of items) {
      args.push(item.key, canonicalJson(item.value), item.ttlMs ?? '');
    }
    const reply = await this.#run(this.#scripts.put, this.#tableKeys(table), args, { table });
    this.#published(table, reply, 1, 2);
    return Number((reply as unknown[])[0]) === 1;
  }

  async take(table: string, key: string): Promise<Data | undefined> {
    const raw = await this.#run(this.#scripts.take, this.#tableKeys(table), [key], { table, key });
    return raw === null || raw === undefined ? undefined : (JSON.parse(raw as string) as Data);
  }

  async delete(table: string, key: string): Promise<boolean> {
    const n = await this.#run(this.#scripts.delete, this.#tableKeys(table), [key], { table, key });
    return Number(n) === 1;
  }

  async compareAndSet(
    table: string,
    key: string,
    expected: Data | undefined,
    next: Data,
    ttlMs: number | undefined,
    limits: Limits,
  ): Promise<boolean> {
    const reply = await this.#run(
      this.#scripts.compareAndSet,
      this.#tableKeys(table),
      [
        key,
        expected === undefined ? '' : canonicalJson(expected),
        canonicalJson(next),
        ttlMs ?? '',
        ...limitArgs(limits),
      ],
      { table, key },
    );
    this.#published(table, reply, 1, 2);
    return Number((reply as unknown[])[0]) === 1;
  }

  async compareAndDelete(table: string, key: string, expected: Data): Promise<boolean> {
    const n = await this.#run(
      this.#scripts.compareAndDelete,
      this.#tableKeys(table),
      [key, canonicalJson(expected)],
      { table, key },
    );
    return Number(n) === 1;
  }

  async updateCounter(
    table: string,
    key: string,
    ops: readonly CounterOp[],
    create: CreateOptions,
    limits: Limits,
  ): Promise<number[]> {
    const list = ops.map((op) => [
      op.field ?? null,
      op.incr,
      op.threshold ?? null,
      op.setValue ?? null,
    ]);
    const reply = (await this.#run(
      this.#scripts.updateCounter,
      this.#tableKeys(table),
      [
        key,
        JSON.stringify(list),
        create.default === undefined ? '' : canonicalJson(create.default),
        create.ttlMs ?? '',
        ...limitArgs(limits),
      ],
      { table, key },
    )) as unknown[];
    this.#published(table, reply, 0, 1);
    return reply.slice(2).map(Number);
  }

  async updateFields(
    table: string,
    key: string,
    fields: Readonly<Record<string, Data>>,
    create: CreateOptions,
    limits: Limits,
  ): Promise<boolean> {
    const reply = await this.#run(
      this.#scripts.updateFields,
      this.#tableKeys(table),
      [
        key,
        canonicalJson(fields),
        create.default === undefined ? '' : canonicalJson(create.default),
        create.ttlMs ?? '',
        ...limitArgs(limits),
      ],
      { table, key },
    );
    this.#published(table, reply, 1, 2);
    return Number((reply as unknown[])[0]) === 1;
  }

  async selectDelete(table: string, spec: Spec): Promise<number> {
    const reply = (await this.#run(
      this.#scripts.selectDelete,
      this.#tableKeys(table),
      [JSON.stringify(spec)],
      { table },
    )) as unknown[];
    this.#published(table, reply, 1, -1);
    return Number(reply[0]);
  }

  async scan(table: string, cursor: unknown, count: number): Promise<ScanPage> {
    let from = '0';
    if (cursor !== undefined) {
      const c = cursor as ScanCursor;
      if (typeof c !== 'object' || c === null || c.table !== table || typeof c.c !== 'string') {
        throw new TypeError('cursor belongs to another table');
      }
      from = c.c;
    }
    const reply = (await this.#run(this.#scripts.scan, this.#tableKeys(table), [from, count], {
      table,
    })) as unknown[];
    const entries: StoreEntry[] = [];
    for (let i = 1; i + 1 < reply.length; i += 2) {
      entries.push({ key: String(reply[i]), value: JSON.parse(reply[i + 1] as string) as Data });
    }
    const next = String(reply[0]);
    return { entries, cursor: next === '0' ? null : ({ table, c: next } satisfies ScanCursor) };
  }

  async size(table: string): Promise<number> {
    return Number(await this.#run(this.#scripts.size, this.#tableKeys(table), [], { table }));
  }

  async clear(table: string): Promise<number> {
    return Number(await this.#run(this.#scripts.clear, this.#tableKeys(table), [], { table }));
  }

  /**
   * One rate-limit decision, one atomic step over every item's entry. Decisions issued in the
   * same tick, or while earlier ones of the same hash slot are in flight, share one script call
   * (see `limit-batch.ts`); each is still decided on its own, in order. On Redis Cluster all the
   * tables of one call must share a slot (the store's `hashTag`).
   */
  rateLimit(request: LimitRequest): Promise<LimitResponse> {
    return this.#limits.decide(request);
  }

  /** One breaker command, the whole state machine in one script. */
  async breaker(
    table: string,
    key: string,
    command: BreakerCommand,
    rule: BreakerRule,
  ): Promise<BreakerReply> {
    const k = this.redisKeys(table);
    const reply = (await this.#run(
      this.#scripts.breaker,
      [k.data, k.expiry],
      [key, JSON.stringify(command), JSON.stringify(rule)],
      { table, key },
    )) as unknown[];
    this.#published(table, reply, 1, -1);
    return JSON.parse(reply[0] as string) as BreakerReply;
  }
}

function limitArgs(limits: Limits): [string | number, string] {
  return [limits.maxEntries ?? '', limits.evict === 'lru' ? '1' : ''];
}
