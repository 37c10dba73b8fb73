/** How long a document is in force, in words, from its metadata. Dates are ISO `YYYY-MM-DD` or `YYYY-MM`. */
import type { DocMeta } from './types';

export interface Validity {
  text: string;
  expired: boolean;
}

export function formatDate(iso: string | undefined): string | undefined {
  if (!iso) return undefined;
  const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?/.exec(iso);
  if (!m) return iso;
  return m[3] ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : `${m[1]}年${Number(m[2])}月`;
}

export function validityOf(doc: Pick<DocMeta, 'effectiveDate' | 'validUntil'>, today = new Date()): Validity | undefined {
  const todayIso = today.toISOString().slice(0, 10);
  if (doc.validUntil) {
    // A YYYY-MM end date runs to the end of that month.
    const end = doc.validUntil.length === 7 ? `${doc.validUntil}-31` : doc.validUntil;
    const expired = end < todayIso;
    return { text: expired ? `已过有效期（至${formatDate(doc.validUntil)}）` : `有效期至${formatDate(doc.validUntil)}`, expired };
  }
  if (doc.effectiveDate) {
    const pending = doc.effectiveDate > todayIso;
    return { text: pending ? `将于${formatDate(doc.effectiveDate)}起施行` : `${formatDate(doc.effectiveDate)}起施行`, expired: false };
  }
  return undefined;
}
