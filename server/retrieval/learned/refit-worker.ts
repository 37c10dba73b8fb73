/**
 * The learned ranking's fit in a worker thread (refit-in-worker.ts starts it): opens the index as the
 * server does, fits the weights on the labels file, and posts them back. The server's own thread only
 * builds the ranker from the weights, so a refit after new confirmations never stalls its searches.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Config } from '../../config.js';
import { openQueryParts } from '../../runtime.js';

const { config, labelsFile } = workerData as { config: Config; labelsFile: string };
try {
  const parts = await openQueryParts(config);
  // cache: false — the server thread writes the cache when it takes the weights.
  const status = await parts.retrievers.learned.prepare({ labelsFile, refit: true, cache: false });
  parentPort?.postMessage(status.state === 'ready' ? { result: status.weights } : { error: status.state === 'failed' ? status.message : `no fit (${status.state})` });
} catch (e) {
  parentPort?.postMessage({ error: (e as Error).message });
}
