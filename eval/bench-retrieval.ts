/**
 * Retrieval figures for `npm run bench`: quality on an evaluation set (hit@1, hit@5, MRR@10 for the
 * naive baseline, lexical, dense and hybrid side by side, overall and per tag), and speed (ingest,
 * start-up, search latency, memory, HNSW recall against brute force).
 *
 * eval/sets/dev.jsonl is our development set: the retrieval parameters were tuned on it
 * (docs/retrieval.md), so its figures are optimistic for unseen questions.
 */
import { readFileSync } from 'node:fs';
import type { Retriever } from '../server/types.js';
import { firstHitRank, reciprocalRank } from './metrics.js';
import type { NaiveBaseline } from './naive-baseline.js';

export interface BenchItem {
  id: string;
  question: string;
  evidence: string[];
  type: string;
  tags: string[];
}

/** Answerable items of a JSONL set (unanswerable ones have no evidence to find). */
export function readBenchItems(file: string): BenchItem[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as BenchItem)
    .map((i) => ({ ...i, tags: i.tags ?? [] }))
    .filter((i) => i.evidence.length > 0);
}

export interface QualityRow {
  name: string;
  items: number;
  hit1: number;
  hit5: number;
  hit10: number;
  mrr10: number;
  /** Ranks per item id (null: not in the top 10). */
  ranks: Map<string, number | null>;
}

export type SearchTexts = (query: string, k: number) => Promise<string[]>;

export function fromRetriever(r: Retriever): SearchTexts {
  return async (q, k) => (await r.search(q, k)).map((h) => h.chunk.text);
}

export function fromBaseline(b: NaiveBaseline): SearchTexts {
  return async (q, k) => b.search(q, k).map((p) => p.text);
}

export async function measureQuality(name: string, search: SearchTexts, items: BenchItem[]): Promise<QualityRow> {
  const ranks = new Map<string, number | null>();
  for (const item of items) ranks.set(item.id, firstHitRank(await search(item.question, 10), item.evidence, 10));
  return summarise(name, items, ranks);
}

export function summarise(name: string, items: BenchItem[], ranks: Map<string, number | null>): QualityRow {
  let hit1 = 0;
  let hit5 = 0;
  let hit10 = 0;
  let mrr = 0;
  for (const item of items) {
    const r = ranks.get(item.id) ?? null;
    if (r !== null && r <= 1) hit1++;
    if (r !== null && r <= 5) hit5++;
    if (r !== null && r <= 10) hit10++;
    mrr += reciprocalRank(r, 10);
  }
  const n = items.length || 1;
  return { name, items: items.length, hit1: hit1 / n, hit5: hit5 / n, hit10: hit10 / n, mrr10: mrr / n, ranks };
}

export function formatQuality(title: string, rows: QualityRow[]): string {
  const head = `${title} (${rows[0]?.items ?? 0} items)`;
  const lines = rows.map((r) =>
    `  ${r.name.padEnd(22)} hit@1 ${r.hit1.toFixed(3)}   hit@5 ${r.hit5.toFixed(3)}   hit@10 ${r.hit10.toFixed(3)}   MRR@10 ${r.mrr10.toFixed(3)}`,
  );
  return [head, ...lines].join('\n');
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}
