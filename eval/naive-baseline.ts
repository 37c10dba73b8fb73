/**
 * The naive baseline the retrieval figures are compared with: plain BM25 (k1 1.2, b 0.75) over
 * character bigrams of fixed 500-character windows of the cleaned corpus files — no documents,
 * no articles, no words, no embeddings. What any RAG tutorial would build first.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { cleanFile } from '../embeddings/corpus/split-file.js';
import { listCorpusFiles } from '../embeddings/corpus/load-corpus.js';
import { DEFAULT_BM25, LexicalIndexBuilder, type LexicalIndex } from '../embeddings/lexical-index.js';
import { bigrams } from '../embeddings/text/tokenize.js';
import type { Passage } from './types.js';

export const WINDOW_CHARS = 500;

export class NaiveBaseline {
  private constructor(
    private readonly windows: { file: string; text: string }[],
    private readonly index: LexicalIndex,
  ) {}

  static async build(corpusDir: string): Promise<NaiveBaseline> {
    const windows: { file: string; text: string }[] = [];
    for (const file of await listCorpusFiles(corpusDir)) {
      const text = cleanFile(await readFile(path.join(corpusDir, file), 'utf8')).paragraphs.join('\n');
      for (let i = 0; i < text.length; i += WINDOW_CHARS) windows.push({ file, text: text.slice(i, i + WINDOW_CHARS) });
    }
    const b = new LexicalIndexBuilder();
    for (const w of windows) b.add(bigrams(w.text));
    return new NaiveBaseline(windows, b.finish());
  }

  get size(): number {
    return this.windows.length;
  }

  search(query: string, k: number): Passage[] {
    const terms = [...new Set(bigrams(query))].map((term) => ({ term, weight: 1 }));
    return this.index.search(terms, k, DEFAULT_BM25).map((s) => ({
      id: `${this.windows[s.doc].file}#${s.doc}`,
      text: this.windows[s.doc].text,
      score: s.score,
    }));
  }
}
