/**
 * A question that names an exact reference the corpus does not have gets "not found" with the reason,
 * never another document's article passed off as the one asked for: 《企业名称登记管理规定》第三十五条
 * when the regulation has twenty-six articles, or a 文号 no document of the corpus carries. A question
 * that is only an article number (第三十五条规定了什么？) names no document at all: it is asked which one.
 */
import type { AnalyzedQuestion } from '../../embeddings/text/analyze-question.js';
import { type DocNumber, formatDocNumber, parseDocNumber, sameDocNumber } from '../../embeddings/text/doc-number.js';
import { ARTICLE_REF, articleNumbers, toChineseNumber } from '../../embeddings/text/numerals.js';
import type { TitleIndex } from '../retrieval/named-title.js';
import type { CorpusStore } from '../types.js';

export class ExactReferences {
  private docNumbers?: DocNumber[];

  constructor(
    private readonly store: CorpusStore,
    private readonly titles: () => TitleIndex,
  ) {}

  /** Why the question's exact reference is not in the corpus (a sentence to answer with), or undefined. */
  missing(q: AnalyzedQuestion): string | undefined {
    if (q.docNumbers.length > 0) {
      this.docNumbers ??= this.store.listDocuments().flatMap((d) => (d.docNo ? [parseDocNumber(d.docNo)].filter((x): x is DocNumber => !!x) : []));
      const absent = q.docNumbers.filter((asked) => !this.docNumbers!.some((have) => sameDocNumber(asked, have)));
      if (absent.length === q.docNumbers.length) return `资料库中没有文号为${absent.map(formatDocNumber).join('、')}的文件。`;
    }
    if (q.articles.length === 0) return undefined;
    const named = this.titles().named(q.raw);
    if (named.length === 0 && q.docNumbers.length === 0 && onlyArticleNumber(q.raw)) {
      const which = q.articles.map((n) => `第${toChineseNumber(Number(n))}条`).join('、');
      return `问题只写了条款号（${which}），没有写是哪一份文件的。请写明文件名称，例如“《××办法》${which}规定了什么？”`;
    }
    if (named.length !== 1) return undefined;
    const doc = this.store.getDocument(named[0].id);
    if (!doc) return undefined;
    const has = new Set(doc.articles.flatMap((a) => articleNumbers(a.label)));
    // A document not divided into 第X条 (a notice with 一、二、) has nothing to count.
    if (has.size === 0) return undefined;
    const absent = q.articles.filter((n) => !has.has(n));
    if (absent.length === 0) return undefined;
    const count = Math.max(...[...has].map(Number));
    return `《${doc.title}》共${toChineseNumber(count)}条，没有${absent.map((n) => `第${toChineseNumber(Number(n))}条`).join('、')}。`;
  }
}

/** What is left of a question without its article numbers and the words that ask about one. */
const ABOUT_ARTICLE = /规定了?什么|是什么|说了?什么|讲了?什么|有什么规定|有哪些规定|的?内容|具体|请问|怎么规定|原文|全文|[的是了吗呢啊]/g;

/** 第三十五条 / 第35条规定了什么？ — an article number and nothing that says where. */
export function onlyArticleNumber(question: string): boolean {
  const rest = question.replace(new RegExp(ARTICLE_REF.source, 'g'), '').replace(ABOUT_ARTICLE, '');
  return !/[\p{L}\p{N}]/u.test(rest);
}
