/**
 * Does a cited chunk support a sentence? The check is lexical and explainable: the idf-weighted share
 * of the sentence's key terms (jieba words minus stopwords, plus bigrams) that occur in the chunk, its
 * article label, heading path or document title. A sentence passes at SUPPORT_THRESHOLD; the value is
 * calibrated on the evaluation set's reference answers (see docs/design.md, "The citation check").
 */
import { normalizeForMatching } from '../../embeddings/text/normalize.js';
import type { Chunk, DocumentMeta } from '../../embeddings/types.js';
import { splitSentences, type Span } from './sentences.js';
import { coverage, keyTerms, type Coverage, type KeyTerms, type TermStats } from '../../embeddings/text/terms.js';
import { toChineseNumber } from '../../embeddings/text/numerals.js';
import { bareTitleKey, matchingTitleKey } from '../../embeddings/text/titles.js';

export const SUPPORT_THRESHOLD = 0.5;

interface SourceLike {
  chunk: Chunk;
  doc: DocumentMeta;
}

const contextCache = new WeakMap<Chunk, string>();

/** What a citation of the chunk vouches for: its text, and where it sits (title, 文号, issuer, headings, label). */
export function supportContext(src: SourceLike): string {
  let ctx = contextCache.get(src.chunk);
  if (ctx === undefined) {
    ctx = normalizeForMatching([src.doc.title, src.doc.docNo ?? '', src.doc.issuer ?? '', ...src.chunk.headingPath, src.chunk.label, src.chunk.text].join('\n'));
    contextCache.set(src.chunk, ctx);
  }
  return ctx;
}

export function supportScore(sentence: string | KeyTerms, src: SourceLike, stats: TermStats): Coverage {
  const terms = typeof sentence === 'string' ? keyTerms(sentence) : sentence;
  return coverage(terms, supportContext(src), stats);
}

/** A sentence with no content terms (a connective such as "具体如下：") makes no claim to check. */
export function hasContent(terms: KeyTerms): boolean {
  return terms.words.length + terms.bigrams.length > 0;
}

/**
 * The passage of the chunk that best supports a sentence: the chunk sentence covering most of its
 * terms, widened to a neighbour while that adds coverage (at most three sentences).
 */
export function bestPassage(sentence: string | KeyTerms, chunk: Chunk, stats: TermStats): Span {
  const terms = typeof sentence === 'string' ? keyTerms(sentence) : sentence;
  const spans = splitSentences(chunk.text, { semicolons: false });
  if (spans.length === 0) return { text: chunk.text, start: 0, end: chunk.text.length };
  const cov = (a: number, b: number): number => coverage(terms, normalizeForMatching(chunk.text.slice(spans[a].start, spans[b].end)), stats).score;
  let best = 0;
  let bestScore = -1;
  for (let i = 0; i < spans.length; i++) {
    const s = cov(i, i);
    if (s > bestScore) {
      bestScore = s;
      best = i;
    }
  }
  let lo = best;
  let hi = best;
  let score = bestScore;
  while (hi - lo < 2) {
    const left = lo > 0 ? cov(lo - 1, hi) : -1;
    const right = hi + 1 < spans.length ? cov(lo, hi + 1) : -1;
    const gain = Math.max(left, right) - score;
    if (gain < 0.05) break;
    if (right >= left) hi++;
    else lo--;
    score = Math.max(left, right);
  }
  const start = spans[lo].start;
  const end = spans[hi].end;
  return { text: chunk.text.slice(start, end), start, end };
}

/** What a sentence states that word overlap does not vouch for: its figures and the documents it names. */
export interface Specifics {
  /** Arabic figures (20, 3.5, 2023), thousands separators removed. */
  numbers: string[];
  /** Titles named in 《》, as matching keys. */
  titles: string[];
}

export function specificsOf(sentence: string): Specifics {
  const norm = normalizeForMatching(sentence).replace(/(?<=\d),(?=\d{3})/g, '');
  // 第三条 is the article's label, and the label is in the support context already.
  const numbers = [...new Set([...norm.replace(/第[一二三四五六七八九十百千零〇]+条/g, '').matchAll(/\d+(?:\.\d+)?/g)].map((m) => m[0]))];
  const titles = [...new Set([...sentence.matchAll(/《([^》]{2,80})》/g)].map((m) => m[1]))];
  return { numbers, titles };
}

/**
 * Does the cited chunk hold the sentence's specifics? Every figure must occur in it (as digits, or as a
 * Chinese numeral for a whole number: 3年 is 三年 in the article), and every document named in 《》 must
 * be the chunk's own or be named in it. A sentence about the wrong policy shares most of its words with
 * the right one; it is the rate, the year or the title that differs.
 */
export function holdsSpecifics(specifics: Specifics, src: SourceLike): boolean {
  const ctx = supportContext(src).replace(/(?<=\d),(?=\d{3})/g, '');
  for (const n of specifics.numbers) {
    if (containsNumber(ctx, n)) continue;
    const value = Number(n);
    if (Number.isInteger(value) && value <= 9999 && ctx.includes(toChineseNumber(value))) continue;
    return false;
  }
  if (specifics.titles.length === 0) return true;
  const own = bareTitleKey(src.doc.title);
  const text = matchingTitleKey(src.chunk.text);
  return specifics.titles.every((t) => {
    const key = bareTitleKey(t);
    return key === own || own.includes(key) || text.includes(matchingTitleKey(t));
  });
}

/** `n` as a whole figure in the text: 20 is not held by 2020 or 120. */
function containsNumber(text: string, n: string): boolean {
  let at = text.indexOf(n);
  while (at >= 0) {
    const before = text[at - 1];
    const after = text[at + n.length];
    if (!(before && /[\d.]/.test(before)) && !(after && /\d/.test(after))) return true;
    at = text.indexOf(n, at + 1);
  }
  return false;
}
