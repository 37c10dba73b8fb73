/**
 * Is a cited document still in force? Three signals the corpus gives:
 *  - its own end date has passed (执行期限为…至…, 有效期至…, 有效期N年: validUntilIn, read again from the
 *    document's text here so an index built before that reading improved gets it too);
 *  - a later document in the corpus repeals it (…《标题》（文号）同时废止 / 停止执行 / 不再执行);
 *  - a document with the same title and a later date is in the corpus (a renewed policy usually keeps
 *    the title).
 * The note goes beside the citation; it never removes the citation, since an expired rule still answers
 * "what did it say". Sources no longer in force are marked `historical`: the answer leads with a source in force when
 * one covers the same point (extractive-model.ts).
 */
import { validUntilIn } from '../../embeddings/corpus/split-documents.js';
import { findDocNumbers, parseDocNumber, sameDocNumber } from '../../embeddings/text/doc-number.js';
import { bareTitleKey } from '../../embeddings/text/titles.js';
import type { DocumentMeta } from '../../embeddings/types.js';

/** Local calendar date as YYYY-MM-DD. */
export function isoDate(d: Date): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** A YYYY-MM validUntil means the end of that month; a bare YYYY the end of that year. */
function endOf(date: string): string {
  if (/^\d{4}$/.test(date)) return `${date}-12-31`;
  if (/^\d{4}-\d{2}$/.test(date)) return `${date}-31`;
  return date;
}

/** 2022-12-31 → 2022年12月31日; 2027-12 → 2027年12月. */
export function chineseDate(date: string): string {
  const [y, m, d] = date.split('-');
  return `${y}年${m ? `${Number(m)}月` : ''}${d ? `${Number(d)}日` : ''}`;
}

/** A sentence that repeals: 废止, 停止执行, 不再执行, 同时失效. */
const REPEALS = /废止|停止执行|不再执行|同时失效/;

export interface Repeal {
  by: DocumentMeta;
}

export class ValidityIndex {
  private readonly byTitle = new Map<string, DocumentMeta[]>();
  private readonly repealedBy = new Map<string, DocumentMeta>();
  private readonly ends = new Map<string, string>();

  /** `textOf` gives a document's text, to read its end date and what it repeals; without it only the metadata is read. */
  constructor(
    docs: DocumentMeta[],
    private readonly now: () => Date = () => new Date(),
    textOf?: (id: string) => string | undefined,
  ) {
    for (const d of docs) {
      const k = bareTitleKey(d.title);
      const list = this.byTitle.get(k);
      if (list) list.push(d);
      else this.byTitle.set(k, [d]);
    }
    for (const d of docs) {
      const text = textOf?.(d.id);
      const end = (text ? validUntilIn(text, d.effectiveDate ?? d.date) : undefined) ?? d.validUntil;
      if (end) this.ends.set(d.id, end);
      if (text) this.readRepeals(d, text, docs);
    }
  }

  /** Documents named (by 文号 or by title) in a sentence of `doc` that repeals them, older than it. */
  private readRepeals(doc: DocumentMeta, text: string, docs: DocumentMeta[]): void {
    // Printed text breaks lines inside sentences and titles: read it as one line.
    for (const sentence of text.replace(/[ \t]*\n[ \t]*/g, '').split(/(?<=[。；])/)) {
      if (!REPEALS.test(sentence)) continue;
      const numbers = findDocNumbers(sentence);
      // A title followed by 第X条 repeals an article, not the document.
      const titles = [...sentence.matchAll(/《([^》]{4,80})》(?!\s*(?:（[^）]*）)?\s*第[一二三四五六七八九十百零〇\d]+条)/g)].map((m) => bareTitleKey(m[1]));
      for (const other of docs) {
        if (other.id === doc.id || this.repealedBy.has(other.id)) continue;
        if (other.date && doc.date && other.date >= doc.date) continue;
        const no = other.docNo ? parseDocNumber(other.docNo) : undefined;
        const byNumber = !!no && numbers.some((n) => sameDocNumber(n, no));
        const byTitle = titles.includes(bareTitleKey(other.title)) && !!other.date && !!doc.date;
        if (byNumber || byTitle) this.repealedBy.set(other.id, doc);
      }
    }
  }

  /** The newest document with the same title and a later date, if any. */
  newerThan(doc: DocumentMeta): DocumentMeta | undefined {
    if (!doc.date) return undefined;
    let newest: DocumentMeta | undefined;
    for (const d of this.byTitle.get(bareTitleKey(doc.title)) ?? []) {
      if (d.id === doc.id || !d.date || d.date <= doc.date) continue;
      if (!newest || (newest.date ?? '') < d.date) newest = d;
    }
    return newest;
  }

  /** The document that repeals this one, when the corpus holds it. */
  repealedByDoc(doc: DocumentMeta): DocumentMeta | undefined {
    return this.repealedBy.get(doc.id);
  }

  /** The end date read for the document, if it states one. */
  validUntil(doc: DocumentMeta): string | undefined {
    return this.ends.get(doc.id) ?? doc.validUntil;
  }

  /** False when the document has expired, been repealed or been renewed under the same title. */
  inForce(doc: DocumentMeta): boolean {
    return this.note(doc) === undefined;
  }

  note(doc: DocumentMeta): string | undefined {
    const parts: string[] = [];
    const today = isoDate(this.now());
    const end = this.validUntil(doc);
    if (end && endOf(end) < today) parts.push(`已于${chineseDate(end)}到期`);
    const repeal = this.repealedByDoc(doc);
    if (repeal) parts.push(`已被《${repeal.title}》${repeal.docNo ? `（${repeal.docNo}）` : ''}废止`);
    const newer = repeal ? undefined : this.newerThan(doc);
    if (newer) {
      const no = newer.docNo ? `，${newer.docNo}` : '';
      parts.push(`资料库中有同名的更新文件（${newer.date}${no}），本文件可能已被替代`);
    }
    return parts.length ? `${parts.join('；')}，仅供了解历史规定` : undefined;
  }
}

/** The sources with `historical` set on those no longer in force. */
export function markHistorical<T extends { doc: DocumentMeta }>(sources: T[], validity: Pick<ValidityIndex, 'inForce'>): (T & { historical?: boolean })[] {
  return sources.map((s) => (validity.inForce(s.doc) ? s : { ...s, historical: true }));
}
