// A worker's entry must be JavaScript on Node 20 (the parent's tsx hooks do not reach a worker
// in time), so this shim registers tsx and then loads the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./token-thread-worker.ts');
