/**
 * Candidates for the lexicon from the question memory (data/synthetic-questions.jsonl): an everyday word
 * that the corpus hardly uses (in at most `maxTextChunks` chunks) but that the remembered questions of
 * several articles use, paired with the corpus words those articles share far more often than articles
 * do at large. 外企 → 外商投资 外资, 打官司 → 诉讼 纠纷. The pairs are statistics, so they are candidates:
 * a reviewer keeps the words that say what the everyday word means (from-questions.tsv), and the
 * search uses only the reviewed file.
 */
import { cut } from '../segmenter.js';
import { isQuestionStopword, isStopword } from '../stopwords.js';

export interface MiningOptions {
  /** An everyday word is in at most this many chunks of the corpus… */
  maxTextChunks: number;
  /** …and in the remembered questions of at least this many articles. */
  minArticles: number;
  /** A written form is shared by at least this many of those articles… */
  minShared: number;
  /** …and by at least this share of them… */
  minShare: number;
  /** …this many times more often than by articles at large… */
  minLift: number;
  /** …is in at least this many chunks (a word of the texts, not a rarity)… */
  minTextChunks: number;
  /** …and in at most this share of the articles (not a word every article has). */
  maxArticleShare: number;
  /** Written forms per word, most associated first. */
  top: number;
}

export const DEFAULT_MINING: MiningOptions = {
  maxTextChunks: 3,
  minArticles: 3,
  minShared: 2,
  minShare: 0.25,
  minLift: 5,
  minTextChunks: 3,
  maxArticleShare: 0.05,
  top: 5,
};

const CJK = /[\u3400-\u9fff]/;
const ARTICLE_LABEL = /^第.+[条章款节]$/;

/** Whole jieba words of two or more characters holding Chinese (search-mode fragments would pair badly). */
function words(text: string): string[] {
  return cut(text, false).filter((w) => [...w].length >= 2 && CJK.test(w));
}

export interface MinedCandidate {
  term: string;
  written: string[];
}

/**
 * `texts`: each chunk's article id, title and text; `questions`: each article's remembered questions;
 * `known`: terms the lexicon has already (not proposed again).
 */
export function mineQuestionWords(
  texts: readonly { articleId: string; title: string; text: string }[],
  questions: readonly { article: string; questions: readonly string[] }[],
  known: ReadonlySet<string>,
  o: MiningOptions = DEFAULT_MINING,
): MinedCandidate[] {
  const chunkDf = new Map<string, number>();
  const articleWords = new Map<string, Set<string>>();
  for (const t of texts) {
    const ws = new Set(words(t.text));
    for (const w of ws) chunkDf.set(w, (chunkDf.get(w) ?? 0) + 1);
    let set = articleWords.get(t.articleId);
    if (!set) articleWords.set(t.articleId, (set = new Set(words(t.title))));
    for (const w of ws) set.add(w);
  }
  const articlesWith = new Map<string, number>();
  const askedIn = new Map<string, number>();
  const shared = new Map<string, Map<string, number>>();
  let articles = 0;
  for (const { article, questions: qs } of questions) {
    const written = articleWords.get(article);
    if (!written) continue;
    articles++;
    for (const w of written) articlesWith.set(w, (articlesWith.get(w) ?? 0) + 1);
    const asked = new Set(qs.flatMap(words).filter((w) => !isStopword(w) && !isQuestionStopword(w)));
    for (const q of asked) {
      askedIn.set(q, (askedIn.get(q) ?? 0) + 1);
      let m = shared.get(q);
      if (!m) shared.set(q, (m = new Map()));
      for (const w of written) m.set(w, (m.get(w) ?? 0) + 1);
    }
  }
  const out: MinedCandidate[] = [];
  for (const [q, with_] of shared) {
    const n = askedIn.get(q) ?? 0;
    if (n < o.minArticles || (chunkDf.get(q) ?? 0) > o.maxTextChunks || known.has(q)) continue;
    const written = [...with_]
      .map(([w, c]) => ({ w, c, share: c / n, base: (articlesWith.get(w) ?? 0) / articles }))
      .filter(
        ({ w, c, share, base }) =>
          c >= o.minShared &&
          share >= o.minShare &&
          share / base >= o.minLift &&
          base <= o.maxArticleShare &&
          (chunkDf.get(w) ?? 0) >= o.minTextChunks &&
          !ARTICLE_LABEL.test(w) &&
          !isStopword(w) &&
          !q.includes(w) &&
          !w.includes(q),
      )
      .sort((a, b) => b.c * Math.log(b.share / b.base) - a.c * Math.log(a.share / a.base) || (a.w < b.w ? -1 : 1))
      .slice(0, o.top)
      .map(({ w }) => w);
    if (written.length) out.push({ term: q, written });
  }
  return out.sort((a, b) => (a.term < b.term ? -1 : a.term > b.term ? 1 : 0));
}
