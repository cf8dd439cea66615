/**
 * The search: Wing & Gong's backtracking linearizability check with Lowe's memoisation of
 * (linearized set, model state) — the algorithm of Porcupine and of Lowe's "just-in-time
 * linearisation" — over one sub-history.
 *
 * Operations are either required (must be linearized inside their interval) or optional (may be
 * linearized inside their interval with their recorded output, or left out). Optional operations
 * let the shrinker ask "are these operations contradictory whatever the others did?".
 */
import type { Operation } from './history.js';
import type { Model } from './model.js';
import { canonical } from './values.js';

/** The budget shared by every search of one check. */
export interface Budget {
  readonly deadline: number;
  steps: number;
  readonly maxSteps: number;
  exhausted: 'timeout' | 'steps' | undefined;
}

/** Outcome of one search: a linearization (indices of the linearized operations, in order). */
export type SearchOutcome =
  | { readonly kind: 'ok'; readonly order: number[] }
  | { readonly kind: 'fail' }
  | { readonly kind: 'unknown' };

interface Node {
  readonly op: number;
  /** Symmetry class (see {@link signatures}); -1: alone in its class. */
  readonly cls: number;
  readonly call: boolean;
  readonly time: number;
  match: Node;
  prev: Node | null;
  next: Node | null;
}

/** Per symmetry class, the callable operation to try (the one returning first). */
type Best = Map<number, Node>;

interface Frame<S> {
  readonly best: Best;
  /** The call entry of the operation decided here. */
  readonly node: Node;
  /** The state before it. */
  readonly state: S;
  /** Left out (an optional operation), not linearized. */
  readonly skipped: boolean;
  /** No alternative to try here: a read-only operation taken greedily, or a forced skip. */
  readonly forced: boolean;
}

interface Memo<S> {
  readonly bits: Uint32Array;
  readonly state: S;
}

const CHECK_EVERY = 256;

/** 32-bit FNV-1a of a string. */
function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function hashOf(bits: Uint32Array, stateHash: string | number): number {
  let h =
    typeof stateHash === 'number' ? Math.imul(stateHash | 0, 0x9e3779b1) : hashString(stateHash);
  for (let i = 0; i < bits.length; i++) {
    h ^= bits[i]!;
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function sameBits(a: Uint32Array, b: Uint32Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function lift(call: Node): void {
  call.prev!.next = call.next;
  if (call.next !== null) call.next.prev = call.prev;
  const ret = call.match;
  ret.prev!.next = ret.next;
  if (ret.next !== null) ret.next.prev = ret.prev;
}

function unlift(call: Node): void {
  const ret = call.match;
  ret.prev!.next = ret;
  if (ret.next !== null) ret.next.prev = ret;
  call.prev!.next = call;
  if (call.next !== null) call.next.prev = call;
}

/**
 * Symmetry classes: operations with equal inputs and equal outputs (both plain data) share a
 * class number; any other operation gets -1.
 */
export function signatures(ops: readonly Operation<unknown, unknown>[]): Int32Array {
  const ids = new Map<string, number>();
  const counts: number[] = [];
  const raw = ops.map((op) => {
    if (!isPlain(op.input, 0) || !isPlain(op.output, 0)) return -1;
    const sig = `${canonical(op.input)}\u0000${canonical(op.output)}`;
    let id = ids.get(sig);
    if (id === undefined) {
      id = counts.length;
      ids.set(sig, id);
      counts.push(0);
    }
    counts[id]!++;
    return id;
  });
  return Int32Array.from(raw, (id) => (id >= 0 && counts[id]! > 1 ? id : -1));
}

function isPlain(v: unknown, depth: number): boolean {
  if (v === null || typeof v !== 'object') return typeof v !== 'function' && typeof v !== 'symbol';
  if (depth > 32) return false;
  if (Array.isArray(v)) return v.every((x) => isPlain(x, depth + 1));
  const proto = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) return false;
  return Object.values(v).every((x) => isPlain(x, depth + 1));
}

/**
 * Searches for a linearization of `ops` in which every operation with `required[i]` is linearized
 * and the others may be. Returns the indices linearized, in order.
 */
export function search<S, I, O>(
  ops: readonly Operation<I, O>[],
  required: readonly boolean[],
  model: Model<S, I, O>,
  budget: Budget,
  classes: Int32Array,
): SearchOutcome {
  const n = ops.length;
  let remaining = 0;
  for (let i = 0; i < n; i++) if (required[i]) remaining++;
  if (remaining === 0) return { kind: 'ok', order: [] };
  if (budget.exhausted !== undefined) return { kind: 'unknown' };

  // Events sorted by time; at equal times calls come first (equal timestamps are concurrent).
  const nodes: Node[] = [];
  for (let i = 0; i < n; i++) {
    const op = ops[i]!;
    const cls = classes[i]! < 0 ? -1 : classes[i]! * 2 + (required[i] ? 1 : 0);
    const call = {
      op: i,
      cls,
      call: true,
      time: op.invokedAt,
      prev: null,
      next: null,
    } as unknown as Node;
    const ret = {
      op: i,
      cls,
      call: false,
      time: op.returnedAt,
      prev: null,
      next: null,
    } as unknown as Node;
    call.match = ret;
    ret.match = call;
    nodes.push(call, ret);
  }
  nodes.sort((a, b) =>
    a.time !== b.time ? a.time - b.time : a.call !== b.call ? (a.call ? -1 : 1) : a.op - b.op,
  );
  const head = { op: -1, cls: -1, call: false, time: 0, prev: null, next: null } as unknown as Node;
  let prev = head;
  for (const node of nodes) {
    prev.next = node;
    node.prev = prev;
    prev = node;
  }

  const bits = new Uint32Array(Math.ceil(n / 32));
  const memo = new Map<number, Memo<S>[]>();
  /** Adds (bits, state) to the memo; false when it was there already. */
  const remember = (state: S): boolean => {
    const h = hashOf(bits, model.hash(state));
    let bucket = memo.get(h);
    if (bucket === undefined) {
      bucket = [];
      memo.set(h, bucket);
    } else {
      for (const m of bucket)
        if (sameBits(m.bits, bits) && model.equal(m.state, state)) return false;
    }
    bucket.push({ bits: bits.slice(), state });
    return true;
  };
  const set = (i: number) => {
    bits[i >>> 5]! |= 1 << (i & 31);
  };
  const clear = (i: number) => {
    bits[i >>> 5]! &= ~(1 << (i & 31));
  };

  const readOnly = model.readOnly?.bind(model);
  const stack: Frame<S>[] = [];
  let state = model.init();
  let entry: Node | null = head.next;
  // Symmetry: of callable operations with equal input, output and requiredness, trying the one
  // that returns first is enough — any linearization taking another can take it instead.
  const bestOf = (from: Node | null = head.next, base?: Best): Best => {
    const best: Best = new Map(base);
    for (let e = from; e?.call; e = e.next) {
      if (e.cls < 0) continue;
      const b = best.get(e.cls);
      if (b === undefined || e.match.time < b.match.time) best.set(e.cls, e);
    }
    return best;
  };
  let best = bestOf();

  while (remaining > 0) {
    if (++budget.steps > budget.maxSteps) {
      budget.exhausted = 'steps';
      return { kind: 'unknown' };
    }
    if (budget.steps % CHECK_EVERY === 0 && performance.now() >= budget.deadline) {
      budget.exhausted = 'timeout';
      return { kind: 'unknown' };
    }
    if (entry === null) return { kind: 'fail' }; // unreachable: a required return stops the walk
    if (entry.call) {
      if (entry.cls >= 0 && best.get(entry.cls) !== entry) {
        entry = entry.next;
        continue;
      }
      const op = ops[entry.op]!;
      const r = model.step(state, op.input, op.output);
      if (r.ok) {
        // A read-only operation allowed here can go first without loss of generality (nothing
        // pending must precede it, and it changes no state), so it is not a choice point.
        const forced = readOnly?.(op.input, op.output) === true;
        set(entry.op);
        if (remember(r.state)) {
          stack.push({ node: entry, state, skipped: false, forced, best });
          state = r.state;
          lift(entry);
          if (required[entry.op]) remaining--;
          entry = head.next;
          best = bestOf();
          continue;
        }
        clear(entry.op);
        if (!forced) {
          entry = entry.next;
          continue;
        }
        // Explored already with it taken: this configuration fails too.
      } else {
        entry = entry.next;
        continue;
      }
    } else if (!required[entry.op]) {
      // The earliest return of an operation not linearized yet: nothing invoked after it can go
      // first. An optional operation can be left out: the only way past its return.
      // Every call before this return was tried in this state already and failed; with one
      // more operation done they fail too, so the walk resumes after the return.
      set(entry.op);
      if (remember(state)) {
        stack.push({ node: entry.match, state, skipped: true, forced: true, best });
        lift(entry.match);
        const skipped = entry.match;
        entry = entry.next;
        best =
          skipped.cls >= 0 && best.get(skipped.cls) === skipped ? bestOf() : bestOf(entry, best);
        continue;
      }
      clear(entry.op);
    }
    // Backtrack to the last choice that has an alternative.
    for (;;) {
      const top = stack.pop();
      if (top === undefined) return { kind: 'fail' };
      state = top.state;
      best = top.best;
      clear(top.node.op);
      unlift(top.node);
      if (!top.skipped && required[top.node.op]) remaining++;
      if (top.forced) continue;
      entry = top.node.next;
      break;
    }
  }
  const order: number[] = [];
  for (const f of stack) if (!f.skipped) order.push(f.node.op);
  return { kind: 'ok', order };
}
