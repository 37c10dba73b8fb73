/**
 * What the reader sees when Cewen is not confident that the retrieved provisions answer the question:
 * the closest provisions, shown as such (one quoted sentence each, cited, under a line that says they
 * do not answer it directly), and — for a question about a place, a year or a figure the corpus does
 * not have — what the corpus covers and what it lacks. Quoting the closest provisions instead of
 * refusing keeps the evidence in front of the reader when the confidence is wrong: on everyday
 * questions most refusals had the evidence among the top three retrieved articles (docs/design.md).
 */
import type { AnalyzedQuestion } from '../../embeddings/text/analyze-question.js';
import { normalizeForMatching } from '../../embeddings/text/normalize.js';
import { fitsKind } from '../../embeddings/text/question-kind.js';
import type { TermStats } from '../../embeddings/text/terms.js';
import { labelPrefix, scoreSentences, sourcePrefix, withoutOwnName } from './extractive-model.js';
import type { Confidence } from './refusal.js';
import type { GivenSource } from './types.js';

export const CLOSEST_HEAD = '没有找到直接回答的条文，以下规定最接近：';
/** After a near-domain note (which says what is missing), the closest provisions are introduced so. */
export const CLOSEST_AFTER_NOTE = '以下规定最接近：';
/** Provisions quoted: the top retrieved articles, one sentence each. */
export const MAX_CLOSEST = 5;
/** Characters a quoted sentence needs (after its item number) to say something rather than name a topic. */
const MIN_CONTENT = 12;
/**
 * The characters a closest answer aims at, head included (issue 17: a median answer of at most 250).
 * The quotes share what the head and the provisions' names leave, by rank (RANK_SHARE), each between
 * MIN_QUOTE and MAX_QUOTE: the citation under the answer opens the whole article, so a lower-ranked quote
 * only has to show what its article is about, while the top ones, which most often hold the answer, keep
 * their figures. On everyday-dev.jsonl equal shares kept 0.407 of the reference keywords in closest answers,
 * these 0.446 (four 40-character quotes: 0.488, for 0.827 evidence shown instead of 0.852).
 */
export const CLOSEST_BUDGET = 250;
const RANK_SHARE = [2, 1.5, 1, 0.7, 0.7];
const MIN_QUOTE = 20;
const MAX_QUOTE = 60;

/** The clauses of a long sentence around its best-matching one, cut at ，；, marked with … where cut. */
export function clipQuote(text: string, score: (clause: string) => number, max: number): string {
  if (text.length <= max) return text;
  const clauses = text.split(/(?<=[，；：,;:])/);
  let best = 0;
  clauses.forEach((c, i) => {
    if (score(c) > score(clauses[best])) best = i;
  });
  let lo = best;
  let hi = best;
  let len = clauses[best].length;
  while (true) {
    const right = hi + 1 < clauses.length ? clauses[hi + 1].length : Infinity;
    const left = lo > 0 ? clauses[lo - 1].length : Infinity;
    if (Math.min(left, right) + len > max) break;
    if (right <= left) len += clauses[++hi].length;
    else len += clauses[--lo].length;
  }
  const start = clauses.slice(0, lo).join('').length;
  const whole = clauses.slice(lo, hi + 1).join('');
  let end = start + Math.min(whole.length, max);
  // A hard cut never splits a figure from its digits or its unit: "1000万元" cut to "10" or to "1000"
  // would quote an amount the article does not have.
  if (end < start + whole.length && (/[\d.．%]/.test(text[end]) || /\d/.test(text[end - 1]))) {
    // A date goes whole too: 至2025年12月 is not the article's 至2025年12月31日.
    while (end > start && /[\d.．年月]/.test(text[end - 1])) end--;
  }
  // Nor inside a document's name: 按照《财政部税务总局海关总署关于深化增值… names no document. The quote ends
  // before the name, or takes it whole when little would be left.
  const open = text.lastIndexOf('《', end - 1);
  if (open >= start && text.lastIndexOf('》', end - 1) < open) {
    const close = text.indexOf('》', open);
    end = open - start >= MIN_CONTENT || close < 0 ? open : close + 1;
  }
  const out = text.slice(start, end);
  const head = lo > 0 ? '…' : '';
  const tail = end < text.length ? '…' : '';
  // A cut that leaves an opening mark (“全国”、“…) drops it: the quote would open a name it never shows.
  return `${head}${out.replace(/[，；：,;:、“《（(]+$/, '')}${tail}`;
}

/**
 * One line per closest provision, in rank order: 《标题》第X条：its best sentence[n]. Distinct
 * articles only; each line is a verbatim quote, so it passes the citation check like any answer sentence.
 * `headLength` is the length of what comes before the lines; the quotes share the rest of CLOSEST_BUDGET.
 */
export function closestProvisions(question: AnalyzedQuestion, sources: GivenSource[], stats: TermStats, headLength = 0): string[] {
  const candidates = scoreSentences(question, sources, stats);
  const terms = [...question.terms.words, ...question.terms.bigrams];
  // The clause kept from a long sentence is the one holding the most question words, and the answer's kind
  // counts as much as two words: for 多少 the clause with the figure (按20%的税率), not the one naming the topic.
  const clauseScore = (clause: string): number => {
    const n = normalizeForMatching(clause);
    const kind = question.kinds.some((k) => fitsKind(k, clause, question.unit)) ? 2 : 0;
    return terms.filter((t) => n.includes(t)).length + kind;
  };
  // Each sentence once: what it says without its document's own name, and whether that is content. A heading-like
  // sentence (（一）适用事项范围。) names a topic and says nothing: a sentence with content wins when the article has one.
  const quotable = candidates.map((c) => {
    const said = withoutOwnName(c.text, c.src);
    return { c, text: said || c.text, substantive: said.replace(/^（[^）]{1,4}）|^[一二三四五六七八九十]+、/, '').length >= MIN_CONTENT };
  });
  const picked: { prefix: string; text: string; n: number }[] = [];
  let previous: GivenSource | undefined;
  for (const src of sources) {
    if (picked.length >= MAX_CLOSEST) break;
    let best: (typeof quotable)[number] | undefined;
    for (const q of quotable) {
      if (q.c.src !== src) continue;
      if (!best || (q.substantive && !best.substantive) || (q.substantive === best.substantive && q.c.score > best.c.score)) best = q;
    }
    if (!best) continue;
    // Articles of one document follow each other under its title once: 《标题》第三条：…[1] 第五条：…[2]
    const sameDoc = previous?.doc.id === src.doc.id && src.chunk.label && src.chunk.label !== '正文';
    picked.push({ prefix: sameDoc ? labelPrefix(src) : sourcePrefix(src), text: best.text, n: src.n });
    previous = src;
  }
  const frame = picked.reduce((sum, p) => sum + p.prefix.length + `[${p.n}]\n`.length, headLength);
  const shares = RANK_SHARE.slice(0, picked.length);
  const total = shares.reduce((a, b) => a + b, 0);
  return picked.map((p, i) => {
    const share = Math.floor(((CLOSEST_BUDGET - frame) * shares[i]) / total) - 2; // 2: the … marks of a cut
    return `${p.prefix}${clipQuote(p.text, clauseScore, Math.min(MAX_QUOTE, Math.max(MIN_QUOTE, share)))}[${p.n}]\n`;
  });
}

/**
 * For a question about something the corpus lacks (a place, a year, a name, a figure): what the closest
 * provisions do cover and what they do not — 资料库中的规定涉及“小微企业”“所得税”，但没有涉及“上海市”的规定。
 * With `missingWords` (said only when nothing related was found) the question's own words that no top
 * provision holds count as lacking too; for the closest provisions they are more often everyday words
 * the articles put otherwise. Undefined when there is nothing specific to say.
 */
export function nearDomainNote(question: AnalyzedQuestion, confidence: Confidence, stats: TermStats, opts: { missingWords?: boolean } = {}): string | undefined {
  const lacking = confidence.unmatched.length ? confidence.unmatched : opts.missingWords ? confidence.missing.filter((w) => w.length >= 2) : [];
  // A figure the top sentences lack is said only with nothing related found: "两个以上" answers 最少几个字 without a figure in the unit.
  // The rarest words the provisions hold say best what they are about (所得税, not 国家 or 针对).
  const covered = question.coreTerms.words
    .filter((w) => w.length >= 2 && !/^\d/.test(w) && !confidence.missing.includes(w) && !lacking.includes(w))
    .sort((a, b) => stats.idf(b) - stats.idf(a))
    .slice(0, 3);
  if (covered.length === 0) return undefined;
  const quoted = (ws: string[]): string => ws.map((w) => `“${w}”`).join('');
  if (lacking.length) return `资料库中的规定涉及${quoted(covered)}，但没有涉及${quoted(lacking.slice(0, 3))}的规定。`;
  if (opts.missingWords && confidence.figureShortfall) return `资料库中的规定涉及${quoted(covered)}，但没有找到所问的具体数额、比例或期限。`;
  return undefined;
}
