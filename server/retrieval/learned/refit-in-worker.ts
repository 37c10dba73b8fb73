/**
 * Fits the learned ranking's weights in a worker thread (refit-worker.ts), so the fit — a search per
 * labelled question, the translation model, the weight fit: 17 s with the STARD labels — runs beside the
 * server's thread instead of on it.
 */
import type { Config } from '../../config.js';
import { runInWorker } from '../../worker-thread.js';
import type { Weights } from './learned-ranker.js';

export function fitInWorker(config: Config, labelsFile: string): Promise<Weights> {
  return runInWorker<Weights>('refit-worker', { config, labelsFile });
}
