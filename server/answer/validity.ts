/**
 * Is a cited document still in force? Two signals the corpus gives: its own validUntil has passed,
 * or a document with the same title and a later date is in the corpus (a renewed policy usually keeps
 * the title). The note goes beside the citation; it never removes the citation, since an expired rule
 * still answers "what did it say".
 */
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

export class ValidityIndex {
  private readonly byTitle = new Map<string, DocumentMeta[]>();

  constructor(
    docs: DocumentMeta[],
    private readonly now: () => Date = () => new Date(),
  ) {
    for (const d of docs) {
      const k = bareTitleKey(d.title);
      const list = this.byTitle.get(k);
      if (list) list.push(d);
      else this.byTitle.set(k, [d]);
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

  note(doc: DocumentMeta): string | undefined {
    const parts: string[] = [];
    const today = isoDate(this.now());
    if (doc.validUntil && endOf(doc.validUntil) < today) {
      parts.push(`该文件有效期至${doc.validUntil}，已届满`);
    }
    const newer = this.newerThan(doc);
    if (newer) {
      const no = newer.docNo ? `，${newer.docNo}` : '';
      parts.push(`资料库中有同名的更新文件（${newer.date}${no}），本文件可能已被替代`);
    }
    return parts.length ? parts.join('；') : undefined;
  }
}
