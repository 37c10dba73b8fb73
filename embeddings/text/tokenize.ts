/**
 * Chinese tokenisation shared by the lexical index and the local embedder.
 *
 * A text becomes: jieba words (search mode, so 中华人民共和国 also yields 中华, 人民, 共和国),
 * character bigrams of every CJK run (prefixed `~`, so they never collide with a two-character word
 * and their weight can be set apart), and one `§N` token per article number named (第43条 and
 * 第四十三条 both give `§43`). Bigrams catch what the segmenter splits differently in a query and
 * in the text (小微企业 vs 小型微利企业 share 微企/企业 only as bigrams); words keep precision.
 */
import { normalizeForTokens } from './normalize.js';
import { articleNumbers } from './numerals.js';
import { cut, cutForSearch } from './segmenter.js';

export const BIGRAM_PREFIX = '~';
export const ARTICLE_PREFIX = '§';

const CJK = /[\u3400-\u9fff]/;
const CJK_RUN = /[\u3400-\u9fff]+/g;
const WORD = /[\u3400-\u9fffA-Za-z0-9]/;

export interface TokenizeOptions {
  /** Emit character bigrams (default true). */
  bigrams?: boolean;
  /** Emit jieba words (default true). */
  words?: boolean;
}

/** Index/query tokens of a text, in order, with repeats (term frequencies count them). */
export function tokenize(text: string, opts: TokenizeOptions = {}): string[] {
  const t = normalizeForTokens(text);
  const out: string[] = [];
  if (opts.words !== false) {
    for (const w of cutForSearch(t, true)) {
      if (WORD.test(w) && !w.includes('\n')) out.push(w.startsWith(BIGRAM_PREFIX) ? w.slice(1) : w);
    }
  }
  if (opts.bigrams !== false) {
    for (const m of t.matchAll(CJK_RUN)) {
      const run = m[0];
      for (let i = 0; i + 1 < run.length; i++) out.push(BIGRAM_PREFIX + run.slice(i, i + 2));
    }
  }
  for (const n of articleNumbers(t)) out.push(ARTICLE_PREFIX + n);
  return out;
}

/** Plain jieba words of a text (no search-mode sub-words), for query analysis. */
export function segment(text: string): string[] {
  return cut(text, true);
}

/** Only the character bigrams (the naive baseline's tokens, and a cheap fallback). */
export function bigrams(text: string): string[] {
  return tokenize(text, { words: false });
}

export function isBigram(token: string): boolean {
  return token.startsWith(BIGRAM_PREFIX);
}

export function isCjk(ch: string): boolean {
  return CJK.test(ch);
}
