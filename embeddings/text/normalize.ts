/**
 * Text normalisation: the one place that folds widths (NFKC), case, whitespace and punctuation.
 *
 * Every function starts from NFKC (full-width digits, letters and spaces to ASCII, compatibility
 * forms to their plain characters) except `toHalfWidth`, the corpus cleaner's narrower fold. They
 * differ in what they do next, on purpose: each variant is what one comparison needs, and changing
 * one changes tokens, scores or matches. Pick by what the result is compared with.
 */
import { toChineseNumber } from './numerals.js';

/** Hard-wrapped PDF lines leave spaces inside sentences (小 微企业); line breaks stay: they end a paragraph. */
const SPACE_IN_CJK = /(?<=[\u3400-\u9fff])[ \t\u3000]+(?=[\u3400-\u9fff])/g;

/** NFKC only. */
export function nfkc(text: string): string {
  return text.normalize('NFKC');
}

/** NFKC and lower case (Latin letters of a text searched case-blind). */
export function nfkcLower(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

/** NFKC without any whitespace: 文号, issuers and keywords compared wherever a PDF put spaces. */
export function compactText(text: string): string {
  return text.normalize('NFKC').replace(/\s+/g, '');
}

/** NFKC, lower case, without any whitespace: what query expansion matches its terms in. */
export function compactLower(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, '');
}

/** NFKC with each run of whitespace made one space, trimmed: a question as typed, tidied. */
export function singleSpaced(text: string): string {
  return text.normalize('NFKC').replace(/\s+/g, ' ').trim();
}

/**
 * NFKC without whitespace or punctuation: two compilations print the same article with other
 * punctuation and widths, and such copies must key alike (duplicate chunks in the index).
 */
export function withoutSpaceOrPunctuation(text: string): string {
  return text.normalize('NFKC').replace(/[\s\p{P}]+/gu, '');
}

/**
 * The form tokens are made from (tokenize.ts, so the index and every query): NFKC, lower case, and
 * spaces or tabs between two Chinese characters removed. Line breaks are kept, since no word or
 * bigram may cross a paragraph; spaces between Latin words and digits are kept, they separate tokens.
 */
export function normalizeForTokens(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(SPACE_IN_CJK, '');
}

/**
 * The form texts are compared in when terms are matched as substrings (answers: key terms, coverage,
 * support, named titles): NFKC, lower case, no whitespace at all (PDF extraction leaves stray spaces
 * and line breaks inside Chinese sentences), and 第55条 written 第五十五条 as articles are.
 */
export function normalizeForMatching(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\s+/g, '')
    .replace(/第(\d{1,4})条/g, (_, n: string) => `第${toChineseNumber(Number(n))}条`);
}

/** Kangxi radicals and CJK radical supplements (⼀ U+2F00, ⽊ U+2F4A): browsers and office suites print them into PDFs for ordinary characters. */
const RADICALS = /[\u2e80-\u2fdf]/g;

/**
 * ⼀ → 一, ⽊ → 木: NFKC of the radical blocks only. A document printed to PDF by a browser often carries
 * these look-alike code points; without the fold its text matches no question. The cleaner applies it
 * with toHalfWidth (which keeps （）：；，。 as the corpus prints them, so it cannot be full NFKC).
 */
export function foldRadicals(text: string): string {
  return text.replace(RADICALS, (c) => SUPPLEMENT[c] ?? c.normalize('NFKC'));
}

/** Radicals of the supplement block (U+2E80–U+2EFF) have no NFKC form; these are the simplified characters they stand for in printed text. */
const SUPPLEMENT: Record<string, string> = {
  '⺠': '民',
  '⻓': '长',
  '⻔': '门',
  '⻛': '风',
  '⻜': '飞',
  '⻢': '马',
  '⻋': '车',
  '⻉': '贝',
  '⻅': '见',
  '⻄': '西',
  '⻘': '青',
  '⻝': '食',
  '⻚': '页',
  '⻩': '黄',
  '⻬': '齐',
  '⻥': '鱼',
  '⻰': '龙',
  '⻳': '龟',
  '⻮': '齿',
  '⻆': '角',
  '⺟': '母',
  '⻣': '骨',
  '⻤': '鬼',
  '⻨': '麦',
  '⻦': '鸟',
  '⻧': '卤',
  '⺇': '几',
  '⺌': '小',
  '⺕': '彐',
  '⻊': '足',
};

const WIDE_RE = /[\uff05\uff0b\uff0d-\uff19\uff21-\uff3a\uff41-\uff5a\u3000\u00a0\u2002-\u200b\ufeff]/;

/**
 * Full-width ASCII (digits, Latin letters, a few symbols) to half-width; keeps （）：；，。 as they are.
 * The corpus cleaner's fold: the cleaned text is what citations quote, so it keeps the corpus's own
 * Chinese punctuation (NFKC would turn （） into ()).
 */
export function toHalfWidth(s: string): string {
  if (!WIDE_RE.test(s)) return s;
  return s
    .replace(/[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\uff0e\uff05\uff0b\uff0d\uff0f]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\u3000\u00a0\u2002-\u200b\ufeff]/g, ' ');
}
