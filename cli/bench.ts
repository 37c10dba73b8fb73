/**
 * `npm run bench`: performance and quality figures, printed (never a pass/fail test).
 *
 *   npm run bench                      retrieval: quality on eval/sets/dev.jsonl (naive, lexical, dense,
 *                                      hybrid side by side), search latency, HNSW recall, full ingest,
 *                                      server start-up and memory
 *   npm run bench -- --quick           the same without the timed rebuild and the server start
 *   npm run bench -- --set FILE        another evaluation set
 *   npm run bench -- --scale [...]     the cost curve as the corpus grows (eval/bench-scale.ts)
 *   npm run bench -- --uploads         upload to searchable: a 20-page PDF, 100 small files (eval/bench-uploads.ts)
 *
 * Uses CORPUS_DIR / INDEX_DIR / EMBEDDINGS like the server; builds the index first when it is missing or stale.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig, loadDotEnv } from '../server/config.js';
import { runRetrievalBench } from '../eval/bench-retrieval.js';

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--scale')) {
    const { runScaleBench } = await import('../eval/bench-scale.js');
    return runScaleBench(argv.filter((a) => a !== '--scale'));
  }
  if (argv.includes('--uploads')) {
    loadDotEnv();
    const { runUploadBench } = await import('../eval/bench-uploads.js');
    await runUploadBench(loadConfig());
    return 0;
  }
  const { values } = parseArgs({
    args: argv,
    options: { set: { type: 'string', default: 'eval/sets/dev.jsonl' }, quick: { type: 'boolean', default: false } },
  });
  loadDotEnv();
  const config = loadConfig();
  await runRetrievalBench(config, { set: path.resolve(values.set!), quick: values.quick });
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
