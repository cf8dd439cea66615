/**
 * raceless — race-free shared state for Node.js services.
 * The core entry point: errors, keys, clocks, the store contract, the memory store and Table.
 */
export * from './clock.js';
export { cloneData, copyData, type Data, type DataObject, dataEquals } from './data.js';
export * from './errors.js';
export { publishTableEvent, type TableEvent, tableChannel } from './events.js';
export { decodeKey, encodeKey, type Key, type KeyPart } from './keys.js';
export type {
  Comparison,
  CounterOp,
  CreateOptions as StoreCreateOptions,
  Limits,
  Operand,
  ScanPage,
  Spec,
  Store,
  StoreEntry,
  WriteItem,
} from './store/contract.js';
export { applyCounterOps } from './store/counter.js';
export { MemoryStore, type MemoryStoreOptions } from './store/memory.js';
export { matchSpec, validateSpec } from './store/spec.js';
export {
  type CreateOptions,
  type EntriesOptions,
  Table,
  type TableOptions,
  type TtlOptions,
} from './table/Table.js';
