/**
 * Pipelining of rate-limit decisions for {@link RedisStore}: decisions issued in the same tick,
 * or while earlier batches of the same hash slot are in flight, go to Redis together as ONE
 * EVALSHA of the batch script (`lua/limit.ts`), which runs them in order, each one atomic step
 * (and the batch as a whole too). One decision alone is a batch of one: there is no other path.
 *
 * - A batch holds decisions whose keys all share one hash slot (the tables' `{tag}`), in the
 *   order they were issued; a decision over tables in different slots goes alone, at once (so
 *   before the batches of its tick), and fails on a cluster, as before.
 * - Expired entries the script reclaims are reported per table (the `expired` table event), for
 *   every request, also those over several tables.
 * - Bounded: at most {@link MAX_BATCH_DECISIONS} decisions and about
 *   {@link MAX_BATCH_ARG_BYTES} bytes of arguments per batch (a bigger single decision goes
 *   alone); at most {@link MAX_BATCHES_IN_FLIGHT} batches of one slot in flight, the next ones
 *   wait (and fill up) until one returns.
 * - A manual clock (tests) is read when a decision is issued; decisions issued at different
 *   times never share a batch. On the server clock, a batch reads `TIME` once.
 * - Nothing is retried but NOSCRIPT (by the adapter): a batch that fails (timeout, lost
 *   connection) rejects each of its decisions with the error a single call gets
 *   (StoreUnavailableError); the script may or may not have run, exactly as for a single call.
 *   A decision that fails inside the script (a bug, a key of the wrong type) fails alone and
 *   writes nothing; the others of its batch are decided.
 */
import type { Clock } from '../clock.js';
import type {
  LimitItemOutcome,
  LimitRequest,
  LimitResponse,
  LimitRule,
} from '../store/contract.js';
import type { LuaScript, ScriptRunner } from './adapter.js';

/** Most decisions in one batch. */
export const MAX_BATCH_DECISIONS = 128;
/** Most argument bytes (approximately: keys and numbers) in one batch, unless one decision is bigger. */
export const MAX_BATCH_ARG_BYTES = 64 * 1024;
/** Batches of one hash slot in flight at once; further decisions wait for one to return. */
export const MAX_BATCHES_IN_FLIGHT = 2;

/** What the batcher needs from its store. */
export interface LimitBatchHost {
  readonly runner: ScriptRunner;
  readonly script: LuaScript;
  /** The manual clock of a test store; undefined: the server's TIME. */
  readonly clock: Clock | undefined;
  /** The table's data and expiry keys. */
  keysOf(table: string): readonly [string, string];
  /** The hash tag the table's keys share (their cluster slot). */
  slotOf(table: string): string;
  /** The error a decision rejects with, from the client's or the script's error. */
  mapError(error: unknown, table: string | undefined): unknown;
  /** Reports expired entries reclaimed from a table. */
  expired(table: string, count: number): void;
}

interface Pending {
  readonly request: LimitRequest;
  readonly resolve: (response: LimitResponse) => void;
  readonly reject: (error: unknown) => void;
}

const RULE_BYTES = 96;
const DECISION_BYTES = 16;
const ITEM_BYTES = 32;

function opt(n: number | undefined): string | number {
  return n === undefined ? '' : n;
}

/** A number of a decision header: '' when absent or not a finite number (the script then fails that decision). */
function field(n: unknown): string {
  return typeof n === 'number' && Number.isFinite(n) ? String(n) : '';
}

function opcode(op: string): string {
  switch (op) {
    case 'consume':
      return 'c';
    case 'peek':
      return 'p';
    case 'refund':
      return 'r';
    case 'block':
      return 'b';
    default:
      return '';
  }
}

class Batch {
  readonly tables: string[] = [];
  readonly decisions: Pending[] = [];
  readonly #tableIndex = new Map<string, number>();
  readonly #ruleIndex = new Map<LimitRule, number>();
  readonly #rules: (string | number)[] = [];
  readonly #args: (string | number)[] = [];
  #bytes = 0;

  constructor(readonly now: string) {}

  /** Whether `p` may join (a batch always takes its first decision). */
  fits(p: Pending): boolean {
    if (this.decisions.length === 0) return true;
    if (this.decisions.length >= MAX_BATCH_DECISIONS) return false;
    return this.#bytes + Batch.size(p) <= MAX_BATCH_ARG_BYTES;
  }

  static size(p: Pending): number {
    let n = DECISION_BYTES;
    for (const item of p.request.items) n += ITEM_BYTES + item.key.length + RULE_BYTES;
    return n;
  }

  /** Adds `p`; when its request is malformed it throws and the batch is left as it was. */
  add(p: Pending): void {
    const { request } = p;
    const items = request.items;
    let header = `${opcode(request.op)},${request.consumeOnReject === true ? '1' : ''},${field(request.blockMs)},${items.length}`;
    const keys: string[] = [];
    const newTables: string[] = [];
    const newRules: LimitRule[] = [];
    let bytes = DECISION_BYTES;
    for (const item of items) {
      const { table, key, rule } = item;
      let t = this.#tableIndex.get(table);
      if (t === undefined) {
        let i = newTables.indexOf(table);
        if (i < 0) i = newTables.push(table) - 1;
        t = this.tables.length + i + 1;
      }
      let r = this.#ruleIndex.get(rule);
      if (r === undefined) {
        let i = newRules.indexOf(rule);
        if (i < 0) {
          i = newRules.push(rule) - 1;
          bytes += RULE_BYTES;
        }
        r = this.#ruleIndex.size + i + 1;
      }
      header += `,${t},${r},${field(item.cost)}`;
      keys.push(key);
      bytes += ITEM_BYTES + key.length;
    }
    const ruleArgs: (string | number)[] = [];
    for (const rule of newRules) {
      ruleArgs.push(
        rule.algorithm,
        rule.limit,
        rule.windowMs,
        opt(rule.refill),
        opt(rule.burst),
        opt(rule.blockAfter),
        opt(rule.blockMs),
        opt(rule.violationWindowMs),
      );
    }
    // Nothing above changed the batch; nothing below throws.
    for (const table of newTables) this.#tableIndex.set(table, this.#tableIndex.size + 1);
    this.tables.push(...newTables);
    for (const rule of newRules) this.#ruleIndex.set(rule, this.#ruleIndex.size + 1);
    this.#rules.push(...ruleArgs);
    this.#args.push(header, ...keys);
    this.#bytes += bytes;
    this.decisions.push(p);
  }

  /** ARGV of the batch script (ARGV[1]: the manual clock's time, or ''). */
  argv(): (string | number)[] {
    return [this.now, this.#ruleIndex.size, ...this.#rules, ...this.#args];
  }
}

interface SlotQueue {
  readonly slot: string;
  open: Batch | undefined;
  readonly waiting: Batch[];
  inFlight: number;
}

/** A decision that failed inside the batch script (the others of its batch ran). */
function scriptError(message: unknown): Error {
  return new Error(String(message));
}

/**
 * Collects a store's rate-limit decisions into batches per hash slot and runs them.
 * @example
 * const batcher = new LimitBatcher(host);
 * const response = await batcher.decide({ op: 'consume', items: [item] });
 */
export class LimitBatcher {
  readonly #host: LimitBatchHost;
  readonly #slots = new Map<string, SlotQueue>();
  readonly #due = new Set<SlotQueue>();
  #scheduled = false;

  constructor(host: LimitBatchHost) {
    this.#host = host;
  }

  /** Decides `request` in the next batch of its slot; resolves with its own response. */
  decide(request: LimitRequest): Promise<LimitResponse> {
    return new Promise<LimitResponse>((resolve, reject) => {
      const p: Pending = { request, resolve, reject };
      const host = this.#host;
      const now = host.clock === undefined ? '' : String(host.clock.now());
      let slot: string | undefined;
      let mixed = false;
      for (const item of request.items) {
        const s = host.slotOf(item.table);
        if (slot === undefined) slot = s;
        else if (s !== slot) mixed = true;
      }
      if (slot === undefined || mixed) {
        const alone = new Batch(now);
        alone.add(p);
        this.#send(alone, undefined);
        return;
      }
      let q = this.#slots.get(slot);
      if (q === undefined) {
        q = { slot, open: undefined, waiting: [], inFlight: 0 };
        this.#slots.set(slot, q);
      }
      let b = q.open;
      if (b === undefined) {
        // Batches wait only while MAX_BATCHES_IN_FLIGHT are in flight: the last one still grows.
        const last = q.waiting[q.waiting.length - 1];
        if (last !== undefined && last.now === now && last.fits(p)) {
          last.add(p);
          return;
        }
      } else if (b.now !== now || !b.fits(p)) {
        q.waiting.push(b);
        b = undefined;
      }
      if (b === undefined) {
        b = new Batch(now);
        q.open = b;
      }
      b.add(p);
      if (b.decisions.length >= MAX_BATCH_DECISIONS) {
        q.waiting.push(b);
        q.open = undefined;
        this.#pump(q);
        return;
      }
      this.#due.add(q);
      if (!this.#scheduled) {
        this.#scheduled = true;
        process.nextTick(this.#flush);
      }
    });
  }

  /** Closes every open batch (after the tick that filled it) and sends what may go. */
  readonly #flush = (): void => {
    this.#scheduled = false;
    for (const q of this.#due) {
      if (q.open !== undefined) {
        q.waiting.push(q.open);
        q.open = undefined;
      }
      this.#pump(q);
    }
    this.#due.clear();
  };

  #pump(q: SlotQueue): void {
    while (q.inFlight < MAX_BATCHES_IN_FLIGHT && q.waiting.length > 0) {
      this.#send(q.waiting.shift()!, q);
    }
  }

  #send(b: Batch, q: SlotQueue | undefined): void {
    if (q !== undefined) q.inFlight++;
    const host = this.#host;
    const keys: string[] = [];
    for (const table of b.tables) keys.push(...host.keysOf(table));
    let pending: Promise<unknown>;
    try {
      pending = host.runner.run(host.script, keys, b.argv());
    } catch (error) {
      pending = Promise.reject(error);
    }
    pending.then(
      (reply) => {
        this.#returned(q);
        try {
          this.#deliver(b, reply);
        } catch (error) {
          // A malformed reply: whatever was not settled yet fails (settled ones stay).
          for (const d of b.decisions) d.reject(error);
        }
      },
      (error) => {
        this.#returned(q);
        let mapped: unknown = error;
        try {
          mapped = host.mapError(error, b.tables[0]);
        } catch {
          // Keep the client's own error.
        }
        for (const d of b.decisions) d.reject(mapped);
      },
    );
  }

  #returned(q: SlotQueue | undefined): void {
    if (q === undefined) return;
    q.inFlight--;
    this.#pump(q);
    if (q.inFlight === 0 && q.open === undefined && q.waiting.length === 0) {
      this.#slots.delete(q.slot);
    }
  }

  #deliver(b: Batch, reply: unknown): void {
    const host = this.#host;
    const r = reply as readonly unknown[];
    const f = String(r[0]).split(',');
    const nowMs = Number(f[0]);
    const nt = b.tables.length;
    for (let t = 0; t < nt; t++) {
      const count = Number(f[1 + t]);
      if (count > 0) host.expired(b.tables[t]!, count);
    }
    let at = 1 + nt;
    for (const d of b.decisions) {
      const status = f[at];
      if (status === undefined) {
        d.reject(scriptError('raceless: the batch reply is shorter than its decisions'));
        continue;
      }
      if (status !== '1') {
        d.reject(host.mapError(scriptError(r[Number(f[at + 1])]), d.request.items[0]?.table));
        at += 2;
        continue;
      }
      const allowed = f[at + 1] === '1';
      at += 2;
      const n = d.request.items.length;
      const items: LimitItemOutcome[] = new Array(n);
      for (let i = 0; i < n; i++) {
        items[i] = {
          allowed: f[at] === '1',
          remaining: Number(f[at + 1]),
          resetAtMs: Number(f[at + 2]),
          retryAfterMs: Number(f[at + 3]),
          blockedUntilMs: Number(f[at + 4]),
          newlyBlocked: f[at + 5] === '1',
          violations: Number(f[at + 6]),
        };
        at += 7;
      }
      d.resolve({ allowed, items, nowMs });
    }
  }
}
