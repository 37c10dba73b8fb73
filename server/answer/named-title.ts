/**
 * A question that names a document by its title ("企业名称登记管理规定对企业名称有哪些要求？",
 * "《优化营商环境条例》…") asks about that document, not about its 实施办法 or a 政策解读 of it, whose
 * titles contain the same words. Matching is on the whole normalised title inside the question, so a
 * longer variant title (…实施办法, …答记者问) never matches a question that names only the regulation.
 */
import { matchingTitleKey } from '../../embeddings/text/titles.js';
import type { DocumentMeta } from '../../embeddings/types.js';

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
