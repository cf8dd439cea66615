/**
 * The shared-memory layout of the workers store and the bit encoding of its 64-bit cells.
 *
 * One SharedArrayBuffer holds, in order:
 * - header cells (BigUint64): the write lock `L`, the value-block free list head, the LRU use
 *   counter, the live-entry counter (an upper bound, see WorkersStore), the latest time used;
 * - the thread registry (BigUint64 × maxThreads): each attached store's heartbeat in ms, 0 = free;
 * - per slot (open addressing, linear probing, `slots` = next power of two ≥ 2 × maxEntries):
 *   `W` the slot word (BigUint64, the only cell a value change ever CASes), `SAV`/`PEN` the old
 *   and new words of a slot locked by a write transaction (for recovery), `USE` the LRU stamp,
 *   and Int32 cells `META` (binding generation + valid bit + binding stamp), `KLEN`, `KHASH`, `THASH` (table
 *   hash, a scan filter), `SSEQ`/`PSEQ` (which transaction wrote SAV/PEN), `VER` (block-word
 *   version counter);
 * - per value block (2 × maxEntries + 2 × maxThreads + 16 blocks): `BNEXT` (free list link),
 *   `BLEN` (byte length), `BEXP` (Float64 expiry, Infinity for none);
 * - the key bytes (maxKeyBytes per slot) and the value bytes (maxValueBytes per block).
 *
 * Slot word `W` (bit 0 set: an inline integer, otherwise a tag in bits 10..12):
 * - `INT`     bit 0 = 1, bits 1..9 binding generation, bits 10..63 value + 2^53 (no expiry).
 * - `EMPTY`   0: never bound; ends every probe chain.
 * - `BLOCK`   gen, tag 1, bits 13..36 block index, bits 37..63 version (a value in a block).
 * - `DEAD`    gen, tag 2: the slot is bound to a key that has no live entry.
 * - `TOMB`    tag 3: bound to nothing (a probe chain continues through it).
 * - `LOCKED`  tag 4, bits 13..33 the write transaction's sequence, bit 34 "being bound".
 */

/** Options fixed at creation; carried by the handle. */
export interface LayoutParams {
  readonly maxEntries: number;
  readonly maxKeyBytes: number;
  readonly maxValueBytes: number;
  readonly maxThreads: number;
}

/** Header cell indexes (BigUint64). */
export const H_LOCK = 0;
export const H_FREE = 1;
export const H_USE = 2;
export const H_COUNT = 3;
export const H_MAGIC = 4;
/** The latest time any thread used: store time never goes backwards across threads. */
export const H_TIME = 5;
/** Write locks taken over from dead threads (all instances). */
export const H_RECOVERIES = 6;
const HEADER_CELLS = 8;
/** Int32 header cell: bumped and notified on every lock release. */
export const N_NOTIFY = 0;
const NOTIFY_CELLS = 4;
export const MAGIC = 0x7261_6365_6c65_7373n; // "raceless"

/** Typed views over one buffer. */
export interface Views {
  readonly slots: number;
  readonly blocks: number;
  readonly hdr: BigUint64Array;
  readonly count: BigInt64Array;
  readonly reg: BigInt64Array;
  readonly W: BigUint64Array;
  readonly SAV: BigUint64Array;
  readonly PEN: BigUint64Array;
  readonly USE: BigUint64Array;
  readonly notify: Int32Array;
  readonly META: Int32Array;
  readonly KLEN: Int32Array;
  readonly KHASH: Int32Array;
  readonly THASH: Int32Array;
  readonly SSEQ: Int32Array;
  readonly PSEQ: Int32Array;
  readonly VER: Int32Array;
  readonly BNEXT: Int32Array;
  readonly BLEN: Int32Array;
  readonly BEXP: Float64Array;
  readonly keys: Buffer;
  readonly values: Buffer;
}

function pow2AtLeast(n: number): number {
  let p = 16;
  while (p < n) p *= 2;
  return p;
}

/** Sizes derived from the params. */
export function geometry(p: LayoutParams): { slots: number; blocks: number; bytes: number } {
  const slots = pow2AtLeast(2 * p.maxEntries);
  const blocks = 2 * p.maxEntries + 2 * p.maxThreads + 16;
  let bytes = 8 * (HEADER_CELLS + p.maxThreads + 4 * slots);
  bytes += 4 * NOTIFY_CELLS + 4 * 7 * slots + 4 * 2 * blocks;
  bytes = Math.ceil(bytes / 8) * 8 + 8 * blocks;
  bytes += slots * p.maxKeyBytes + blocks * p.maxValueBytes;
  return { slots, blocks, bytes };
}

/** Creates the typed views of a store buffer. */
export function views(buffer: SharedArrayBuffer, p: LayoutParams): Views {
  const { slots, blocks } = geometry(p);
  let off = 0;
  const u64 = (n: number) => {
    const a = new BigUint64Array(buffer, off, n);
    off += 8 * n;
    return a;
  };
  const i32 = (n: number) => {
    const a = new Int32Array(buffer, off, n);
    off += 4 * n;
    return a;
  };
  const hdr = u64(HEADER_CELLS);
  const count = new BigInt64Array(buffer, 0, HEADER_CELLS);
  const reg = new BigInt64Array(buffer, off, p.maxThreads);
  off += 8 * p.maxThreads;
  const W = u64(slots);
  const SAV = u64(slots);
  const PEN = u64(slots);
  const USE = u64(slots);
  const notify = i32(NOTIFY_CELLS);
  const META = i32(slots);
  const KLEN = i32(slots);
  const KHASH = i32(slots);
  const THASH = i32(slots);
  const SSEQ = i32(slots);
  const PSEQ = i32(slots);
  const VER = i32(slots);
  const BNEXT = i32(blocks);
  const BLEN = i32(blocks);
  off = Math.ceil(off / 8) * 8;
  const BEXP = new Float64Array(buffer, off, blocks);
  off += 8 * blocks;
  const keys = Buffer.from(buffer, off, slots * p.maxKeyBytes);
  off += slots * p.maxKeyBytes;
  const values = Buffer.from(buffer, off, blocks * p.maxValueBytes);
  return {
    slots,
    blocks,
    hdr,
    count,
    reg,
    W,
    SAV,
    PEN,
    USE,
    notify,
    META,
    KLEN,
    KHASH,
    THASH,
    SSEQ,
    PSEQ,
    VER,
    BNEXT,
    BLEN,
    BEXP,
    keys,
    values,
  };
}

// ---------------------------------------------------------------------------------------------
// Slot words.

export const T_BLOCK = 1;
export const T_DEAD = 2;
export const T_TOMB = 3;
export const T_LOCKED = 4;
export const EMPTY = 0n;
export const TOMB = 3n << 10n;
const OFFSET = 2n ** 53n;
const GEN_MASK = 511;

/** True for an inline-integer word. */
export const isInt = (w: bigint): boolean => (w & 1n) === 1n;
/** The tag of a non-integer word (-1 for an integer word). */
export const tagOf = (w: bigint): number => ((w & 1n) === 1n ? -1 : Number((w >> 10n) & 7n));
/** A word holding a live entry (inline integer or block). */
export const isLive = (w: bigint): boolean =>
  (w & 1n) === 1n || Number((w >> 10n) & 7n) === T_BLOCK;
export const isLocked = (w: bigint): boolean =>
  (w & 1n) === 0n && Number((w >> 10n) & 7n) === T_LOCKED;
export const genOf = (w: bigint): number => Number((w >> 1n) & 511n);
export const nextGen = (g: number): number => (g + 1) & GEN_MASK;

export const intWord = (gen: number, v: number): bigint =>
  1n | (BigInt(gen) << 1n) | ((BigInt(v) + OFFSET) << 10n);
export const intOf = (w: bigint): number => Number((w >> 10n) - OFFSET);
export const blockWord = (gen: number, block: number, version: number): bigint =>
  (BigInt(gen) << 1n) |
  (BigInt(T_BLOCK) << 10n) |
  (BigInt(block) << 13n) |
  (BigInt(version & 0x7ff_ffff) << 37n);
export const blockOf = (w: bigint): number => Number((w >> 13n) & 0xff_ffffn);
export const deadWord = (gen: number): bigint => (BigInt(gen) << 1n) | (BigInt(T_DEAD) << 10n);
export const lockedWord = (seq: number, binding: boolean): bigint =>
  (BigInt(T_LOCKED) << 10n) | (BigInt(seq) << 13n) | (binding ? 1n << 34n : 0n);
export const lockSeqOf = (w: bigint): number => Number((w >> 13n) & 0x1f_ffffn);
export const isBinding = (w: bigint): boolean => ((w >> 34n) & 1n) === 1n;
/** The block a word references, or -1. */
export const blockRef = (w: bigint): number => (tagOf(w) === T_BLOCK ? blockOf(w) : -1);

/**
 * META cell: bits 0..8 generation, bit 9 valid, bits 10..30 a binding stamp bumped by every
 * binding (the whole cell changes on each one, so a cached slot of a key is checked with one load).
 */
export const META_VALID = 1 << 9;
/** The META cell of the next binding of a slot whose META is `m` (still marked invalid). */
export const nextMeta = (m: number): number =>
  nextGen(m & GEN_MASK) | ((((m >>> 10) + 1) & 0x1f_ffff) << 10);
/** Mask of the tag bit and generation of a word. */
export const LOW_MASK = 0x3ffn;
/** `incr` as the difference of two inline-integer words. */
export const intDelta = (incr: number): bigint => BigInt(incr) << 10n;

// ---------------------------------------------------------------------------------------------
// The write lock `L`: bits 0..1 phase, bits 2..11 owner (registry index + 1), bits 12..32 seq.

export const P_FREE = 0;
export const P_ACTIVE = 1;
export const P_COMMITTED = 2;
export const SEQ_MASK = 0x1f_ffff;

export const lockCell = (phase: number, owner: number, seq: number): bigint =>
  BigInt(phase) | (BigInt(owner + 1) << 2n) | (BigInt(seq) << 12n);
export const phaseOf = (l: bigint): number => Number(l & 3n);
export const ownerOf = (l: bigint): number => Number((l >> 2n) & 1023n) - 1;
export const seqOf = (l: bigint): number => Number((l >> 12n) & 0x1f_ffffn);

/** FNV-1a over bytes. */
export function fnv1a(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) {
    h ^= bytes[i]!;
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}
