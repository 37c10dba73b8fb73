/**
 * A memory of answered questions: the labelled questions, searchable. A new question is matched
 * against them by BM25 over the same word + bigram tokens as the index, and the closest come back
 * with their articles; the learned ranker (learned-ranker.ts) turns them into votes for articles and
 * for the laws (document titles) such questions are answered from.
 *
 * (Before the learned ranker, these votes were added to the retriever's scores at fixed weights,
 * 0.75 per article and 0.3 per law: R@10 on STARD's train split went .462 → .621, but the retriever's
 * correct first article was pushed down, R@1 .224 → .200 — docs/stard.md, "History of the supervised row".)
 */
import { LexicalIndexBuilder, type LexicalIndex } from '../../../embeddings/lexical-index.js';
import { isBigram, tokenize } from '../../../embeddings/text/tokenize.js';

export interface RememberedQuestion<Id> {
  key: number;
  question: string;
  answers: Id[];
}

/** Weight of a character bigram against a word in the match; chosen on the STARD train split. */
const BIGRAM_WEIGHT = 0.3;

export class QuestionMemory<Id> {
  private constructor(
    private readonly items: RememberedQuestion<Id>[],
    private readonly index: LexicalIndex,
    private readonly lawOf: (id: Id) => string | undefined,
  ) {}

  static build<Id>(items: RememberedQuestion<Id>[], lawOf: (id: Id) => string | undefined): QuestionMemory<Id> {
    const b = new LexicalIndexBuilder();
    for (const it of items) b.add(tokenize(it.question));
    return new QuestionMemory(items, b.finish(), lawOf);
  }

  get size(): number {
    return this.items.length;
  }

  /**
   * The `depth` remembered questions closest to `question`, best first, each with its similarity
   * scaled to 1 for the closest; `exclude` leaves out the one with that key (leave-one-out).
   */
  neighbours(question: string, depth: number, exclude?: number): { item: RememberedQuestion<Id>; similarity: number }[] {
    const terms = [...new Set(tokenize(question))].map((term) => ({ term, weight: isBigram(term) ? BIGRAM_WEIGHT : 1 }));
    const found = this.index
      .search(terms, depth + 1)
      .filter((s) => this.items[s.doc].key !== exclude)
      .slice(0, depth);
    const best = found[0]?.score || 1;
    return found.map((f) => ({ item: this.items[f.doc], similarity: f.score / best }));
  }

  /** The law (group) an article id belongs to, as given at build time. */
  lawOfId(id: Id): string | undefined {
    return this.lawOf(id);
  }
}
