/**
 * `npx tsx eval/learned-few-labels.ts [--set eval/sets/dev.jsonl] [--labels-from eval/sets/dev-paraphrase.jsonl]`
 *
 * What a handful of confirmations does to everything else. The learned ranking (server/retrieval/learned/)
 * is given the first 1, 5, 20 and 40 questions of --labels-from as labelled questions (each with the
 * article holding its first evidence quote), and the questions of --set — which the labels are not
 * about — are searched with and without it. Prints hit@1 per label count on --set, on the rest of
 * --labels-from, and on the labelled questions asked again. Uses the configured index (INDEX_DIR), and
 * leaves no fit behind in it.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createProgressReporter } from '../embeddings/progress-reporter.js';
import { loadConfig } from '../server/config.js';
import { openQueryParts, assembleQueryParts } from '../server/runtime.js';
import type { Retriever } from '../server/types.js';

interface Item {
  question: string;
  evidence?: string[];
}

const { values } = parseArgs({
  options: { set: { type: 'string', default: 'eval/sets/dev.jsonl' }, 'labels-from': { type: 'string', default: 'eval/sets/dev-paraphrase.jsonl' } },
});
const progress = createProgressReporter();
const opened = await openQueryParts(loadConfig(), { onProgress: progress.onProgress, onLog: progress.log });
progress.done();
const { chunks } = opened.index;
const compact = (s: string) => s.replace(/\s+/g, '');
/** Items with the article that holds their first evidence quote. */
const load = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Item)
    .flatMap((it) => {
      const quote = it.evidence?.[0] ? compact(it.evidence[0]) : undefined;
      const article = quote ? chunks.find((c) => compact(c.text).includes(quote))?.articleId : undefined;
      return article ? [{ question: it.question, article }] : [];
    });
const others = load(values.set!);
const pool = load(values['labels-from']!);
const rest = pool.slice(40);

async function hit1(r: Retriever, items: { question: string; article: string }[]): Promise<string> {
  let hits = 0;
  for (const it of items) if ((await r.search(it.question, 5)).hits[0]?.chunk.articleId === it.article) hits++;
  return `${(hits / (items.length || 1)).toFixed(3)} (${hits}/${items.length})`;
}

const dir = mkdtempSync(path.join(tmpdir(), 'cewen-few-labels-'));
try {
  const hybrid = assembleQueryParts(opened.index).retrievers.hybrid;
  console.log(`hit@1 by article; ${values.set}: ${others.length} items, ${values['labels-from']}: ${pool.length}`);
  console.log(`no labels: ${values.set} ${await hit1(hybrid, others)}, the rest of ${values['labels-from']} ${await hit1(hybrid, rest)}`);
  for (const k of [1, 5, 20, 40]) {
    const labelled = pool.slice(0, k);
    const file = path.join(dir, `labels-${k}.jsonl`);
    writeFileSync(file, labelled.map((it) => JSON.stringify({ question: it.question, articles: [it.article] })).join('\n') + '\n');
    const { learned } = assembleQueryParts(opened.index).retrievers;
    const state = await learned.prepare({ labelsFile: file, cache: false });
    const how = state.state === 'ready' ? state.fitted : state.state;
    console.log(
      `${k} labelled (${how}): ${values.set} ${await hit1(learned, others)}, the rest ${await hit1(learned, rest)}, the labelled asked again ${await hit1(learned, labelled)}`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
