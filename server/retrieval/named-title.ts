/**
 * A question that names a document by its title ("企业名称登记管理规定对企业名称有哪些要求？",
 * "《优化营商环境条例》…") asks about that document, not about its 实施办法 or a 政策解读 of it, whose
 * titles contain the same words. Matching is on the whole normalised title inside the question, so a
 * longer variant title (…实施办法, …答记者问) never matches a question that names only the regulation.
 */
import { matchingTitleKey } from '../../embeddings/text/titles.js';
import type { DocumentMeta } from '../../embeddings/types.js';
import type { Retrieval, Retriever, SearchFilter } from '../types.js';
import type { AnalyzedQuestion } from '../../embeddings/text/analyze-question.js';

/** Shorter titles (通知, 意见) are words, not names. */
const MIN_TITLE = 6;

export class TitleIndex {
  private readonly titles: { doc: DocumentMeta; norm: string }[];

  constructor(docs: DocumentMeta[]) {
    this.titles = docs.map((doc) => ({ doc, norm: matchingTitleKey(doc.title) })).filter((t) => [...t.norm].length >= MIN_TITLE);
  }

  /**
   * Documents whose whole title the question contains; when one matched title contains another
   * (…管理规定 inside …管理规定实施办法), only the longer one, which is what the question says.
   */
  named(question: string): DocumentMeta[] {
    const q = matchingTitleKey(question);
    const hits = this.titles.filter((t) => q.includes(t.norm));
    return hits.filter((t) => !hits.some((o) => o.norm.length > t.norm.length && o.norm.includes(t.norm))).map((t) => t.doc);
  }
}

/** Chunks of a document named by title put ahead of the retrieved ones. */
export const NAMED_TITLE_HITS = 3;

/**
 * Title lookup for answers: the product's retriever, with the best chunks of each document the
 * question names by title (searched within that document) put first. Unfiltered searches only.
 */
export class NamedDocumentRetriever implements Retriever {
  constructor(
    private readonly base: Retriever,
    private readonly titles: () => TitleIndex,
  ) {}

  get name(): string {
    return this.base.name;
  }

  async search(query: string | AnalyzedQuestion, k: number, filter?: SearchFilter): Promise<Retrieval> {
    const found = await this.base.search(query, k, filter);
    const named = filter ? [] : this.titles().named(typeof query === 'string' ? query : query.raw);
    if (named.length === 0) return found;
    const own = (await Promise.all(named.map(async (d) => (await this.base.search(query, NAMED_TITLE_HITS, { docId: d.id })).hits))).flat();
    own.sort((a, b) => b.score - a.score);
    const ids = new Set(own.map((h) => h.chunk.id));
    const hits = [...own, ...found.hits.filter((h) => !ids.has(h.chunk.id))].slice(0, k);
    return { hits, signals: found.signals };
  }
}
