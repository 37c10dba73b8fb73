/**
 * `npm run ingest [-- --corpus DIR --out DIR]`: (re)build the index with progress. The build goes to a
 * temporary folder swapped in at the end, so an interrupted run leaves the previous index usable.
 * Defaults come from CORPUS_DIR / INDEX_DIR / EMBEDDINGS (see .env.example).
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
// The one place configuration is read (server/config.ts); every entry point in cli/ uses it.
import { loadConfig } from '../server/config.js';
import { runCli } from './run-cli.js';
import { ensureIndex } from '../embeddings/ensure-index.js';
import { createProgressReporter } from '../embeddings/progress-reporter.js';
import { loadCorpus } from '../embeddings/corpus/load-corpus.js';
import { UploadsStore, withUploads } from '../server/library/uploads-store.js';

const USAGE = 'Usage: npm run ingest [-- --corpus DIR --out DIR] [--if-stale]';

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      options: {
        corpus: { type: 'string' },
        out: { type: 'string' },
        'if-stale': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      allowPositionals: false,
    }).values;
  } catch (e) {
    console.error(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    console.log(
      `${USAGE}\n  --corpus DIR   folder of .txt/.md compilations and .jsonl/.jsonl.gz articles (docs/corpus-formats.md; default CORPUS_DIR)\n  --out DIR      index folder (default INDEX_DIR)\n  --if-stale     only rebuild when the corpus, code or embedder changed`,
    );
    return 0;
  }
  const config = loadConfig();
  const corpusDir = args.corpus ? path.resolve(args.corpus) : config.corpusDir;
  const indexDir = args.out ? path.resolve(args.out) : config.indexDir;
  const progress = createProgressReporter();
  const started = performance.now();
  const { index, built, problems } = await ensureIndex({
    corpusDir,
    indexDir,
    embedder: config.embeddings,
    // The server's uploaded documents are part of its corpus (not when another corpus folder is named).
    ...(args.corpus ? {} : { loadCorpus: withUploads(loadCorpus, new UploadsStore(config.uploadsDir)) }),
    force: !args['if-stale'],
    onProgress: progress.onProgress,
    onLog: progress.log,
  });
  progress.done();
  for (const p of problems) console.warn(`Skipped ${p.file} (${p.code}): ${p.message}`);
  const m = index.manifest;
  console.log(
    `${built ? 'Built' : 'Up to date:'} ${indexDir}: ${m.counts.documents} documents, ${m.counts.chunks} chunks, ` +
      `${m.counts.lexicalTerms} terms, embedder ${m.embedder.name}` +
      (built ? ` in ${((performance.now() - started) / 1000).toFixed(1)} s` : ''),
  );
  return 0;
}

runCli(main);
