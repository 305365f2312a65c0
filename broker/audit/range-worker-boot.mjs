// Starts range-worker.ts in a worker thread. Node 20 does not apply the parent's `--import`
// hooks to a worker's entry module (tsx issue 354), so the worker registers tsx itself
// before it loads TypeScript.
import { register } from 'tsx/esm/api';

register();
await import('./range-worker.ts');
