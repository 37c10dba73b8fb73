/**
 * `npm start`: read the configuration, make sure the index is built and current (building it with
 * progress when missing or stale), load it, and serve the app on PORT.
 */
import { serve } from '@hono/node-server';
import { createProgressReporter } from '../embeddings/progress-reporter.js';
import { createApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { answererForIndex } from './answer/open-parts.js';
import { AppError } from './errors.js';
import { LabelRecorder } from './retrieval/learned/label-recorder.js';
import { openIndex, prepareLearnedRanking } from './retrieval/open-index.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const progress = createProgressReporter();
  const started = performance.now();
  const opened = await openIndex(config, { onProgress: progress.onProgress, onLog: progress.log });
  progress.done();
  for (const p of opened.problems) console.warn(`Skipped ${p.file}: ${p.message}`);
  const { indexInfo } = opened;
  console.log(
    `Index ${config.indexDir}: ${indexInfo.documents} documents, ${indexInfo.chunks} chunks, ${indexInfo.embedder}` +
      ` (${opened.built ? `built: ${opened.built}` : 'loaded'} in ${((performance.now() - started) / 1000).toFixed(1)} s)`,
  );

  const answerer = answererForIndex(config, opened);
  const learned = opened.retrievers.learned;
  const labels = config.labelsFromUi ? new LabelRecorder(config.labelsFile, learned, (line) => console.log(line)) : undefined;
  const app = createApp({ config, store: opened.store, indexInfo, retriever: opened.retriever, answerer, ranking: () => learned.status, labels });
  const server = serve({ fetch: app.fetch, port: config.port }, (info) => {
    console.log(`Cewen listening on http://localhost:${info.port}`);
    // Loads the word segmenter's dictionary and the answer side's term statistics now, once the
    // server answers, rather than during the first user's question; then the learned ranking, if
    // labelled questions are configured (the hybrid serves until it is ready).
    void opened.retriever
      .search('预热', 1)
      .then(() => answerer.warmUp?.())
      .then(() => prepareLearnedRanking(config, opened, { onLog: (line) => console.log(line) }))
      .catch(() => {});
  });
  const stop = () => server.close(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: unknown) => {
  // Configuration and index problems are sentences for the user, not stack traces.
  if (AppError.isInstance(e) || ConfigError.isInstance(e)) {
    console.error(e.message);
  } else {
    console.error(e);
  }
  process.exit(1);
});
