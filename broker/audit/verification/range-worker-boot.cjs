// Starts range-worker.ts in a worker thread. Node 20 does not apply the parent's `--import`
// hooks to a worker's entry module (tsx issue 354), so the worker registers tsx itself.
// tsx's CommonJS hook, not its ESM one: the ESM hook starts a loader thread of its own
// and doubled the worker's start-up (about 500 ms against 240 ms).
require('tsx/cjs/api').register();
require('./range-worker.ts');
