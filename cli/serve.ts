/**
 * `npm start`: read the configuration, make sure the index is built and current (building it with
 * progress when missing or stale), assemble the parts (server/runtime.ts), and serve the app on PORT.
 */
import { serve } from '@hono/node-server';
import { createProgressReporter } from '../embeddings/progress-reporter.js';
import { createApp } from '../server/app.js';
import { loadConfig } from '../server/config.js';
import { openRuntime } from '../server/runtime.js';
import { EvaluationRunner } from '../eval/evaluation-runs.js';
import { runCli } from './run-cli.js';

async function main(): Promise<number> {
  const config = loadConfig();
  const progress = createProgressReporter();
  const started = performance.now();
  // --rebuild: build the index again even when it looks current (e.g. after switching embedders on purpose).
  const runtime = await openRuntime(config, { onProgress: progress.onProgress, onLog: progress.log, force: process.argv.includes('--rebuild') });
  progress.done();
  for (const p of runtime.problems) console.warn(`Skipped ${p.file}: ${p.message}`);
  const { indexInfo } = runtime;
  console.log(
    `Index ${config.indexDir}: ${indexInfo.documents} documents, ${indexInfo.chunks} chunks, ${indexInfo.embedder}` +
      ` (${runtime.built ? `built: ${runtime.built}` : 'loaded'} in ${((performance.now() - started) / 1000).toFixed(1)} s)`,
  );

  const deps = runtime.appDeps();
  // The 评测 page's runs: the CLI's runner over the parts the server answers with at the moment a run starts.
  deps.evaluations = new EvaluationRunner(
    config.evalReportsDir,
    () => ({ store: deps.store, retriever: deps.retriever ?? runtime.retriever, answerer: deps.answerer ?? runtime.answerer }),
    (line) => console.warn(line),
  );
  const app = createApp(deps);
  const server = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, (info) => {
    const shown = config.host.includes(':') ? `[${config.host}]` : config.host;
    console.log(`Cewen listening on http://${shown}:${info.port}${config.host === '127.0.0.1' ? ' (this machine only; HOST=0.0.0.0 to expose it)' : ''}`);
    // Loads the word segmenter's dictionary and the answer side's term statistics now, once the
    // server answers, rather than during the first user's question; then the learned ranking, if
    // labelled questions are configured (the hybrid serves until it is ready).
    void runtime.retriever
      .search('预热', 1)
      .then(() => runtime.answerer.warmUp?.())
      .then(() => runtime.prepareRanking({ onLog: (line) => console.log(line) }))
      .catch(() => {});
  });
  // Serves until stopped; the exit code is set by the signal handlers.
  return new Promise<number>(() => {
    const stop = () => server.close(() => process.exit(0));
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

runCli(main);
