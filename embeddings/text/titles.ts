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
