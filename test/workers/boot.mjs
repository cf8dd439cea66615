// Worker entry for the stress tests: Node 20 does not apply `--import tsx` to a worker's entry
// module, so this registers tsx's loader in the worker and then imports the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
