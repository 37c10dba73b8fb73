/**
 * The STARD / LeCoQA benchmark files (../shared/benchmarks/stard_lecoqa/, see its SOURCE.md):
 * 1,543 lay questions about Chinese law, each labelled with the statute articles that answer it,
 * over a corpus of 58,530 articles (or the 11,084 articles of the documents holding a gold article).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export type StardSplit = 'test' | 'train' | 'all';
export type StardCorpus = 'full' | 'golddocs';

export interface StardQuery {
  queryId: number;
  split: 'test' | 'train';
  question: string;
  /** The lawyer-written reference answer (null in the source for one question). */
  answer: string | null;
  /** law + 第X条, e.g. 中华人民共和国民法典第五十四条. */
  goldNames: string[];
  /** Corpus row ids of the gold articles. */
  goldIds: number[];
}

/** Where the benchmark lives, relative to the repository; STARD_DIR overrides it (read by the CLI). */
export const DEFAULT_STARD_DIR = path.join('..', 'shared', 'benchmarks', 'stard_lecoqa');

export const CORPUS_FILES: Record<StardCorpus, string> = {
  full: 'corpus.jsonl.gz',
  golddocs: 'corpus_golddocs.jsonl',
};

export function corpusFile(stardDir: string, corpus: StardCorpus): string {
  return path.join(stardDir, 'derived', CORPUS_FILES[corpus]);
}

export function checkStardDir(stardDir: string): void {
  const need = [path.join(stardDir, 'derived', 'queries.jsonl'), corpusFile(stardDir, 'full'), corpusFile(stardDir, 'golddocs')];
  const missing = need.filter((f) => !existsSync(f));
  if (missing.length) {
    throw new Error(`The STARD benchmark files are missing (${missing.join(', ')}). Point --stard-dir at the folder holding derived/queries.jsonl.`);
  }
}

/** The questions of one split, in query_id order. */
export function loadQueries(stardDir: string, split: StardSplit): StardQuery[] {
  const file = path.join(stardDir, 'derived', 'queries.jsonl');
  const out: StardQuery[] = [];
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (!line.trim()) return;
      let o: { query_id: number; split: 'test' | 'train'; question: string; answer: string | null; gold_names: string[]; gold_ids: number[] };
      try {
        o = JSON.parse(line);
      } catch (e) {
        throw new Error(`${file}:${i + 1}: invalid JSON (${(e as Error).message})`);
      }
      if (split !== 'all' && o.split !== split) return;
      out.push({ queryId: o.query_id, split: o.split, question: o.question, answer: o.answer, goldNames: o.gold_names, goldIds: o.gold_ids });
    });
  return out.sort((a, b) => a.queryId - b.queryId);
}
