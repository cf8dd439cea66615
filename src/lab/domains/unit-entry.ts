/**
 * Entry module of a lab unit: a worker thread (messages through `parentPort`) or a child process
 * (messages through its IPC channel).
 */
import { isMainThread, parentPort } from 'node:worker_threads';
import type { ToUnit } from './protocol.js';
import { serveUnit } from './unit.js';

if (!isMainThread && parentPort !== null) {
  const port = parentPort;
  serveUnit({
    send: (m) => port.postMessage(m),
    onMessage: (h) => port.on('message', h),
    exit: () => port.close(),
  });
} else if (process.send !== undefined) {
  serveUnit({
    send: (m) => process.send!(m),
    onMessage: (h) => process.on('message', (m) => h(m as ToUnit)),
    exit: () => process.disconnect(),
  });
}
