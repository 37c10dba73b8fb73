/**
 * A memory of answered questions: earlier questions with the articles that answered them. A new
 * question is matched against the remembered ones (BM25 over the same word + bigram tokens as the
 * index) and the articles of the closest ones get votes, weighted by how close each question is.
 *
 * On STARD it is built from the train split's questions and gold articles only, and applied to the
 * test split: a supervised component, reported as its own row beside the product's retrieval, never
 * mixed into it. In a deployment the same idea would run on a log of questions whose cited articles a
 * reviewer confirmed; Cewen has no such log, so this stays with the benchmark.
 */
import { LexicalIndexBuilder, type LexicalIndex } from '../../embeddings/lexical-index.js';
import { isBigram, tokenize } from '../../embeddings/tokenizer.js';

export interface RememberedQuestion<Id> {
  key: number;
  question: string;
  answers: Id[];
}

export interface MemoryOptions {
  /** Remembered questions consulted per question. */
  neighbours: number;
  bigramWeight: number;
}

/** Chosen on the train split by leave-one-out (a question never votes for itself). */
export const DEFAULT_MEMORY: MemoryOptions = { neighbours: 10, bigramWeight: 0.3 };

export class QuestionMemory<Id> {
  private constructor(
    private readonly items: RememberedQuestion<Id>[],
    private readonly index: LexicalIndex,
    private readonly opts: MemoryOptions,
  ) {}

  static build<Id>(items: RememberedQuestion<Id>[], opts: MemoryOptions = DEFAULT_MEMORY): QuestionMemory<Id> {
    const b = new LexicalIndexBuilder();
    for (const it of items) b.add(tokenize(it.question));
    return new QuestionMemory(items, b.finish(), opts);
  }

  get size(): number {
    return this.items.length;
  }

  /**
   * Votes per answer id, the best scaled to 1. `exclude` leaves out a remembered question with that
   * key (leave-one-out when tuning on the questions the memory was built from).
   */
  votes(question: string, exclude?: number): Map<Id, number> {
    const terms = [...new Set(tokenize(question))].map((term) => ({ term, weight: isBigram(term) ? this.opts.bigramWeight : 1 }));
    const found = this.index
      .search(terms, this.opts.neighbours + 1)
      .filter((s) => this.items[s.doc].key !== exclude)
      .slice(0, this.opts.neighbours);
    const out = new Map<Id, number>();
    const best = found[0]?.score || 1;
    for (const f of found) for (const id of this.items[f.doc].answers) out.set(id, (out.get(id) ?? 0) + f.score / best);
    const top = Math.max(0, ...out.values()) || 1;
    for (const [id, v] of out) out.set(id, v / top);
    return out;
  }
}

/**
 * Ranked ids from a retriever's (id, score) list plus memory votes: score / best + weight · votes.
 * Ids only the memory knows join the ranking.
 */
export function fuseWithMemory<Id>(ranked: readonly { id: Id; score: number }[], votes: Map<Id, number>, weight: number, depth: number): Id[] {
  const best = ranked[0]?.score || 1;
  const s = new Map<Id, number>();
  for (const r of ranked) if (!s.has(r.id)) s.set(r.id, r.score / best);
  for (const [id, v] of votes) s.set(id, (s.get(id) ?? 0) + weight * v);
  return [...s].sort((a, b) => b[1] - a[1]).slice(0, depth).map(([id]) => id);
}
