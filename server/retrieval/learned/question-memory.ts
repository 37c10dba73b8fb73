/**
 * A memory of answered questions: earlier questions with the articles that answered them. A new
 * question is matched against the remembered ones (BM25 over the same word + bigram tokens as the
 * index); the articles of the closest few get votes, and so do the laws (document titles) of a wider
 * circle of neighbours, each weighted by how close its question is. The votes are added to a
 * retriever's normalised scores: article votes bring in articles the retriever missed, law votes
 * lift every article of the laws such questions are usually answered from.
 *
 * On STARD it is built from the train split's questions and gold articles only and applied to the
 * test split: a supervised component, reported as its own row beside the product's retrieval, never
 * mixed into it. Its settings were chosen on the train split by leave-one-out (a question never votes
 * for itself). In a deployment the same idea would run on a log of questions whose cited articles a
 * reviewer confirmed; Cewen has no such log, so this stays with the benchmark.
 */
import { LexicalIndexBuilder, type LexicalIndex } from '../../../embeddings/lexical-index.js';
import { isBigram, tokenize } from '../../../embeddings/tokenizer.js';

export interface RememberedQuestion<Id> {
  key: number;
  question: string;
  answers: Id[];
}

export interface MemoryOptions {
  /** Closest remembered questions whose articles get votes. */
  neighbours: number;
  /** Closest remembered questions whose laws get votes. */
  lawNeighbours: number;
  bigramWeight: number;
  /** Added to a retriever's score (scaled to 1 for its best) for the best-voted article… */
  articleWeight: number;
  /** …and for every article of the best-voted law. */
  lawWeight: number;
}

/** Chosen on the STARD train split (1,234 questions, leave-one-out) over the full corpus. */
export const DEFAULT_MEMORY: MemoryOptions = { neighbours: 5, lawNeighbours: 30, bigramWeight: 0.3, articleWeight: 0.75, lawWeight: 0.3 };

export interface Votes<Id> {
  /** Per article, the best scaled to 1. */
  articles: Map<Id, number>;
  /** Per law (group), the best scaled to 1. */
  laws: Map<string, number>;
}

function scaled<K>(m: Map<K, number>): Map<K, number> {
  const top = Math.max(0, ...m.values()) || 1;
  for (const [k, v] of m) m.set(k, v / top);
  return m;
}

export class QuestionMemory<Id> {
  private constructor(
    private readonly items: RememberedQuestion<Id>[],
    private readonly index: LexicalIndex,
    private readonly lawOf: (id: Id) => string | undefined,
    readonly opts: MemoryOptions,
  ) {}

  static build<Id>(items: RememberedQuestion<Id>[], lawOf: (id: Id) => string | undefined, opts: MemoryOptions = DEFAULT_MEMORY): QuestionMemory<Id> {
    const b = new LexicalIndexBuilder();
    for (const it of items) b.add(tokenize(it.question));
    return new QuestionMemory(items, b.finish(), lawOf, opts);
  }

  get size(): number {
    return this.items.length;
  }

  /**
   * The `depth` remembered questions closest to `question`, best first, each with its similarity
   * scaled to 1 for the closest; `exclude` leaves out the one with that key (leave-one-out).
   */
  neighbours(question: string, depth: number, exclude?: number): { item: RememberedQuestion<Id>; similarity: number }[] {
    const terms = [...new Set(tokenize(question))].map((term) => ({ term, weight: isBigram(term) ? this.opts.bigramWeight : 1 }));
    const found = this.index
      .search(terms, depth + 1)
      .filter((s) => this.items[s.doc].key !== exclude)
      .slice(0, depth);
    const best = found[0]?.score || 1;
    return found.map((f) => ({ item: this.items[f.doc], similarity: f.score / best }));
  }

  /** The laws (groups) an article id belongs to, as given at build time. */
  lawOfId(id: Id): string | undefined {
    return this.lawOf(id);
  }

  /** `exclude` leaves out the remembered question with that key (leave-one-out). */
  votes(question: string, exclude?: number): Votes<Id> {
    const o = this.opts;
    const found = this.neighbours(question, Math.max(o.neighbours, o.lawNeighbours), exclude);
    const articles = new Map<Id, number>();
    const laws = new Map<string, number>();
    found.forEach(({ item, similarity: w }, rank) => {
      const answers = item.answers;
      if (rank < o.neighbours) for (const id of answers) articles.set(id, (articles.get(id) ?? 0) + w);
      if (rank < o.lawNeighbours) {
        for (const law of new Set(answers.map(this.lawOf).filter((l): l is string => l !== undefined))) laws.set(law, (laws.get(law) ?? 0) + w);
      }
    });
    return { articles: scaled(articles), laws: scaled(laws) };
  }

  /**
   * A retriever's ranked (id, score) list with the votes added: score / best + lawWeight · law vote
   * + articleWeight · article vote. Articles only the memory knows join the ranking.
   */
  fuse(ranked: readonly { id: Id; score: number }[], votes: Votes<Id>, depth: number): Id[] {
    const o = this.opts;
    const best = ranked[0]?.score || 1;
    const law = (id: Id) => o.lawWeight * (votes.laws.get(this.lawOf(id) ?? '') ?? 0);
    const s = new Map<Id, number>();
    for (const r of ranked) if (!s.has(r.id)) s.set(r.id, r.score / best + law(r.id));
    for (const [id, v] of votes.articles) s.set(id, (s.get(id) ?? law(id)) + o.articleWeight * v);
    return [...s].sort((a, b) => b[1] - a[1]).slice(0, depth).map(([id]) => id);
  }
}
