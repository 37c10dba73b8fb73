/**
 * Key terms of a Chinese text, for the checks that must be explainable: jieba words minus stopwords,
 * plus the character bigrams inside those words (so a word segmented differently in the question and
 * in the article still matches in part).
 *
 * Terms are matched as substrings of the normalised other text, never as tokens, for the same reason.
 */
import { normalizeForMatching } from './normalize.js';
import { cut } from './segmenter.js';
import { isQuestionStopword, isStopword } from './stopwords.js';

const CJK = /[\u3400-\u9fff]/;
/** A content token holds a letter, digit or Han character: "..." (an ellipsis, normalised) is punctuation. */
const CONTENT = /^(?=.*[\u3400-\u9fffA-Za-z0-9])[\u3400-\u9fffA-Za-z0-9.%]+$/;

export interface KeyTerms {
  /** Content words, in order of first appearance, de-duplicated. */
  words: string[];
  /** Character bigrams inside each content word. */
  bigrams: string[];
}

/** Citation markers and the《标题》第X条 prefix say where a sentence comes from, not what it claims. */
export function stripMarkup(text: string): string {
  return text.replace(/[[［【]\s*\d+(?:\s*[,，、]\s*\d+)*\s*[\]］】]/g, '');
}

export function keyTerms(text: string, opts: { question?: boolean } = {}): KeyTerms {
  const tokens = cut(normalizeForMatching(stripMarkup(text)), true);
  const words: string[] = [];
  const bigrams: string[] = [];
  const seenW = new Set<string>();
  const seenB = new Set<string>();
  for (const t of tokens) {
    if (!CONTENT.test(t) || isStopword(t) || (opts.question && isQuestionStopword(t))) continue;
    // A lone CJK character (税, 费) is too ambiguous to count as a term of its own.
    if (CJK.test(t) ? [...t].length < 2 : t.length < 2 && !/\d/.test(t)) continue;
    if (!seenW.has(t)) {
      seenW.add(t);
      words.push(t);
    }
    // Bigrams inside a word, never across words: 小型微利企业 still matches 小微企业 on 企业, while
    // "部分组成" does not invent 分组.
    const chars = [...t];
    for (let i = 0; i + 1 < chars.length; i++) {
      const b = chars[i] + chars[i + 1];
      if (CJK.test(chars[i]) && CJK.test(chars[i + 1]) && !seenB.has(b)) {
        seenB.add(b);
        bigrams.push(b);
      }
    }
  }
  return { words, bigrams };
}

/**
 * Inverse document frequencies over the corpus's articles. Words missing from the word table
 * (segmented differently in the corpus) take the document frequency of their rarest bigram,
 * an upper bound that keeps the estimate on the safe side.
 */
export class TermStats {
  private readonly wordDf = new Map<string, number>();
  private readonly bigramDf = new Map<string, number>();
  private docs = 0;

  add(text: string): void {
    this.docs++;
    const norm = normalizeForMatching(text);
    const words = new Set(cut(norm, true).filter((w) => CONTENT.test(w)));
    for (const w of words) this.wordDf.set(w, (this.wordDf.get(w) ?? 0) + 1);
    const bigrams = new Set<string>();
    const chars = [...norm];
    for (let i = 0; i + 1 < chars.length; i++) {
      if (CJK.test(chars[i]) && CJK.test(chars[i + 1])) bigrams.add(chars[i] + chars[i + 1]);
    }
    for (const b of bigrams) this.bigramDf.set(b, (this.bigramDf.get(b) ?? 0) + 1);
  }

  get size(): number {
    return this.docs;
  }

  df(term: string): number {
    const d = this.wordDf.get(term) ?? this.bigramDf.get(term);
    if (d !== undefined) return d;
    const chars = [...term];
    let min = Infinity;
    for (let i = 0; i + 1 < chars.length; i++) min = Math.min(min, this.bigramDf.get(chars[i] + chars[i + 1]) ?? 0);
    return Number.isFinite(min) ? min : 0;
  }

  /** Whether a word holds a pair of Chinese characters that no article of the corpus has (育儿, 官费, 新加坡). */
  hasUnseenBigram(word: string): boolean {
    const chars = [...word];
    for (let i = 0; i + 1 < chars.length; i++) {
      if (CJK.test(chars[i]) && CJK.test(chars[i + 1]) && !this.bigramDf.has(chars[i] + chars[i + 1])) return true;
    }
    return false;
  }

  /** Smoothed idf, ≥ 0.1 so that even a word in every article counts a little. */
  idf(term: string): number {
    const n = Math.max(this.docs, 1);
    return Math.max(0.1, Math.log((n + 1) / (this.df(term) + 0.5)));
  }

  /** A copy with `texts` counted too (documents added to a live index); this one is left as it is. */
  withTexts(texts: Iterable<string>): TermStats {
    const s = new TermStats();
    for (const [k, v] of this.wordDf) s.wordDf.set(k, v);
    for (const [k, v] of this.bigramDf) s.bigramDf.set(k, v);
    s.docs = this.docs;
    for (const t of texts) s.add(t);
    return s;
  }

  static fromTexts(texts: Iterable<string>): TermStats {
    const s = new TermStats();
    for (const t of texts) s.add(t);
    return s;
  }
}

export interface Coverage {
  /** Weighted share (0..1) of the key terms found in the other text. */
  score: number;
  found: string[];
  missing: string[];
}

/**
 * Share of `terms` present in `haystack` (normalised), each term weighted by its idf; words weigh as
 * much as all bigrams together so that a sentence of few long words is not judged on bigrams alone.
 * `alternatives` (term → other forms) counts a term as present when one of its forms is: for choosing
 * sentences only, never for the support check.
 */
export function coverage(terms: KeyTerms, haystackNorm: string, stats: TermStats, alternatives?: Map<string, string[]>): Coverage {
  const found: string[] = [];
  const missing: string[] = [];
  const part = (list: string[]): { got: number; total: number } => {
    let got = 0;
    let total = 0;
    for (const t of list) {
      const w = stats.idf(t);
      total += w;
      if (haystackNorm.includes(t) || alternatives?.get(t)?.some((a) => haystackNorm.includes(a))) {
        got += w;
        found.push(t);
      } else missing.push(t);
    }
    return { got, total };
  };
  const w = part(terms.words);
  const b = part(terms.bigrams);
  const shares: number[] = [];
  if (w.total > 0) shares.push(w.got / w.total);
  if (b.total > 0) shares.push(b.got / b.total);
  const score = shares.length ? shares.reduce((a, x) => a + x, 0) / shares.length : 0;
  return { score, found, missing };
}
