/**
 * 文号 (document numbers) in any spelling users and PDFs produce:
 * 国办发〔2024〕3号 = 国办发(2024)3 号 = 国办发［2024］第3号 = 国办发 （ 2024 ） 3号.
 */
import { nfkc } from './normalize.js';

/** One 文号 found in a text: the issuing prefix, the year and the serial number. */
export interface DocNumber {
  /** bracket: 国办发〔2024〕3号 · announcement: 财政部 税务总局公告2023年第2号 · decree: 国务院令第765号 */
  kind: 'bracket' | 'announcement' | 'decree';
  prefix: string;
  /** 0 for decrees, which are numbered without a year. */
  year: number;
  serial: number;
}

/**
 * Prefix (the issuing organ's abbreviation, up to 12 characters), bracketed year, serial, 号.
 * The prefix is taken greedily; matching compares suffixes (see `sameDocNumber`) so
 * 根据国办发〔2024〕3号 still matches 国办发〔2024〕3号.
 */
const DOC_NO = /([\u4e00-\u9fa5A-Za-z]{1,12})\s*[〔(（[［【]\s*((?:19|20)\d{2})\s*[〕)）\]］】]\s*第?\s*(\d{1,5})\s*号/g;

const ANNOUNCEMENT = /([\u4e00-\u9fa5]{0,12}公告)\s*((?:19|20)\d{2})\s*年\s*第?\s*(\d{1,5})\s*号/g;
const DECREE = /([\u4e00-\u9fa5]{0,12}令)\s*第\s*(\d{1,5})\s*号/g;

/** NFKC without the spaces between Chinese characters: spaces inside a 文号 are PDF artefacts (财政部 税务总局公告 2023 年第 2 号). */
function compactDocText(text: string): string {
  return nfkc(text).replace(/(?<=[\u4e00-\u9fa5])\s+(?=[\u4e00-\u9fa5])/g, '');
}

/** Every 文号 in a text, in order of appearance. */
export function findDocNumbers(text: string): DocNumber[] {
  const t = compactDocText(text);
  const found: { at: number; d: DocNumber }[] = [];
  for (const m of t.matchAll(DOC_NO)) {
    found.push({ at: m.index, d: { kind: 'bracket', prefix: m[1], year: Number(m[2]), serial: Number(m[3]) } });
  }
  for (const m of t.matchAll(ANNOUNCEMENT)) {
    found.push({ at: m.index, d: { kind: 'announcement', prefix: m[1], year: Number(m[2]), serial: Number(m[3]) } });
  }
  for (const m of t.matchAll(DECREE)) {
    found.push({ at: m.index, d: { kind: 'decree', prefix: m[1], year: 0, serial: Number(m[2]) } });
  }
  return found.sort((a, b) => a.at - b.at).map((f) => f.d);
}

/** The text without its 文号s (an answer names a document by its 文号 as by its title: a name, not a claim). */
export function withoutDocNumbers(text: string): string {
  return compactDocText(text).replace(DOC_NO, '').replace(ANNOUNCEMENT, '').replace(DECREE, '');
}

/** The first 文号 in a string, or undefined (for a filter value or a document's `docNo`). */
export function parseDocNumber(text: string): DocNumber | undefined {
  return findDocNumbers(text)[0];
}

/** The canonical spelling: 国办发〔2024〕3号. */
export function formatDocNumber(d: DocNumber): string {
  if (d.kind === 'announcement') return `${d.prefix}${d.year}年第${d.serial}号`;
  if (d.kind === 'decree') return `${d.prefix}第${d.serial}号`;
  return `${d.prefix}〔${d.year}〕${d.serial}号`;
}

/**
 * Whether a 文号 written by a user (`asked`) names a document's 文号 (`actual`): same year and serial,
 * and the asked prefix ends with the document's prefix (extra words before it are tolerated).
 */
export function sameDocNumber(asked: DocNumber, actual: DocNumber): boolean {
  if (asked.kind !== actual.kind || asked.year !== actual.year || asked.serial !== actual.serial) return false;
  const a = asked.prefix;
  const b = actual.prefix;
  if (a === b) return true;
  // A decree or announcement asked without its organ (令第765号, 公告2023年第2号) still names it.
  const min = asked.kind === 'bracket' ? 2 : 1;
  return (b.length >= min && a.endsWith(b)) || (a.length >= min && b.endsWith(a));
}
