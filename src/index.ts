/**
 * raceless — race-free shared state for Node.js services.
 * The core entry point: errors, keys, clocks, the store contract, the memory store and Table.
 */
export * from './clock.js';
export * from './errors.js';
