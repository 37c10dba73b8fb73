/**
 * Keys for comparing document titles. One key, `titleKey`: NFKC, no whitespace, none of the marks
 * printed around or inside a name (《》〈〉「」“”"). Each comparison that needs more adds a named step
 * on top, and says why; the steps are not folded into the key because each changes what matches
 * (labels that resolve, documents that count as renewed, where the splitter cuts a compilation).
 */
import { nfkc, normalizeForMatching, toHalfWidth } from './normalize.js';

/** Marks around or inside a title that are not part of the name. */
const TITLE_MARKS = /[《》〈〉「」“”"]/g;

/** The title key: NFKC, without whitespace and without 《》〈〉「」“”". */
export function titleKey(title: string): string {
  return nfkc(title).replace(/[\s《》〈〉「」“”"]/g, '');
}

/** Drops 中华人民共和国, which national laws are usually cited without (商标法第五十九条). */
export function withoutStateName(key: string): string {
  return key.replaceAll('中华人民共和国', '');
}

/** A title as citations name it: the title key without 中华人民共和国 (labelled questions name articles so). */
export function citedTitleKey(title: string): string {
  return withoutStateName(titleKey(title));
}

/**
 * The title key without any punctuation or symbol as well: a renewed policy keeps its title but may
 * be printed with other brackets, dashes or commas (is a cited document superseded?).
 */
export function bareTitleKey(title: string): string {
  return titleKey(title).replace(/[\s\p{P}\p{S}]/gu, '');
}

/** Removes the title marks (《》〈〉「」“”") from a text. */
export function withoutTitleMarks(text: string): string {
  return text.replace(TITLE_MARKS, '');
}

/**
 * A text in which a title is looked for, and the title itself (does a question name a document?):
 * the form texts are compared in (normalizeForMatching: lower case, 第55条 as 第五十五条) without title
 * marks, so "《优化营商环境条例》" in a question matches the title 优化营商环境条例.
 */
export function matchingTitleKey(text: string): string {
  return withoutTitleMarks(normalizeForMatching(text));
}

/**
 * The corpus splitter's key for headings, table-of-contents entries and names quoted in a document:
 * the half-width fold only (the splitter works on the cleaned text, not NFKC) and no punctuation that
 * headings are printed with. Document ids are hashes of it (split-file.ts): changing it renames documents.
 */
export function corpusTitleKey(title: string): string {
  return toHalfWidth(title).replace(/[\s《》“”"'‘’「」〈〉、，,.。·．:：（）()〔〕\-—–_]/g, '');
}

/** corpusTitleKey without 关于/印发/转发/通知: survives the usual rewordings of a notice's title across compilations. */
export function looseTitleKey(title: string): string {
  return corpusTitleKey(title).replace(/关于|印发|转发|的通知$|通知$/g, '');
}

/** A title longer than this is cited in running text by a shorter name. */
export const SHORT_TITLE_CHARS = 20;

/**
 * The name official writing cites a document by in running text (the full title stays in the citation):
 * the document a notice publishes or forwards — 关于印发《推动消费品以旧换新行动方案》的通知 → 推动消费品以旧换新行动方案,
 * 中国人民银行令〔2021〕第4号（征信业务管理办法） → 征信业务管理办法 — else, for a long title, the title
 * without its issuers: 人力资源社会保障部 财政部 国家税务总局关于延续实施失业保险援企稳岗政策的通知 →
 * 关于延续实施失业保险援企稳岗政策的通知.
 */
export function shortTitle(title: string): string {
  const t = title.trim();
  const published =
    /(?:印发|发布|公布|颁布|转发)[^《》]{0,20}《([^《》]{4,})》(?:的(?:通知|公告|决定|函))?$/.exec(t) ??
    /关于(?:印发|发布|公布)([^《》]{4,})的(?:通知|公告)$/.exec(t) ??
    /^[^（《》]*令[^（《》]*[（《]([^（）《》]{4,})[）》]$/.exec(t);
  if (published) return published[1];
  // 政策解读：“取名”更自主，市场有活力——…负责人就…答记者问: the headline names it.
  const headline = /^(政策解读：.{4,}?)——/.exec(t);
  if (headline) return headline[1];
  // National laws are cited without the state's name (公司法 for 中华人民共和国公司法).
  if (t.startsWith('中华人民共和国') && !/[《》]/.test(t)) return withoutStateName(t);
  const about = t.indexOf('关于');
  if (t.length > SHORT_TITLE_CHARS && about > 0 && balancedQuotes(t.slice(about))) return t.slice(about);
  return t;
}

function balancedQuotes(text: string): boolean {
  return (text.match(/《/g) ?? []).length === (text.match(/》/g) ?? []).length;
}

/**
 * A national law (中华人民共和国劳动合同法, 中华人民共和国民法典), by its title: the top of the hierarchy of
 * sources, where a general question is most often answered; its implementing 条例 and 细则 are not.
 */
export function isNationalLaw(title: string): boolean {
  return /^中华人民共和国[^《》〈〉]*法典?$/.test(titleKey(title));
}
