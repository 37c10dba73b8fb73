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
import type { TermStats } from '../../embeddings/text/terms.js';
import { labelPrefix, scoreSentences, sourcePrefix } from './extractive-model.js';
import type { Confidence } from './refusal.js';
import type { GivenSource } from './types.js';

export const CLOSEST_HEAD = '没有找到直接回答的条文，以下规定最接近：';
/** After a near-domain note (which says what is missing), the closest provisions are introduced so. */
export const CLOSEST_AFTER_NOTE = '以下规定最接近：';
/** Provisions quoted: the top retrieved articles, one sentence each. */
export const MAX_CLOSEST = 4;
/** Characters a quoted sentence needs (after its item number) to say something rather than name a topic. */
const MIN_CONTENT = 12;
/** A quoted sentence longer than this is cut to its best clauses (the citation opens the whole article); 50 gave a median closest answer of 303 characters on everyday-dev.jsonl, 40 gives 276 with the same evidence shown. */
const MAX_QUOTE = 40;

/** The clauses of a long sentence around its best-matching one, cut at ，；, marked with … where cut. */
function clip(text: string, score: (clause: string) => number): string {
  if (text.length <= MAX_QUOTE) return text;
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
    if (Math.min(left, right) + len > MAX_QUOTE) break;
    if (right <= left) len += clauses[++hi].length;
    else len += clauses[--lo].length;
  }
  let out = clauses.slice(lo, hi + 1).join('');
  // A hard cut never splits a figure: "1000万元" cut to "10" would quote a number the article does not have.
  if (out.length > MAX_QUOTE) out = /[\d.．%]/.test(out[MAX_QUOTE]) ? out.slice(0, MAX_QUOTE).replace(/[\d.．]+$/, '') : out.slice(0, MAX_QUOTE);
  const head = lo > 0 ? '…' : '';
  const tail = hi < clauses.length - 1 || out.length < clauses.slice(lo, hi + 1).join('').length ? '…' : '';
  return `${head}${out.replace(/[，；：,;:]$/, '')}${tail}`;
}

/**
 * One line per closest provision, in rank order: 《标题》第X条：its best sentence[n]. Distinct
 * articles only; each line is a verbatim quote, so it passes the citation check like any answer sentence.
 */
export function closestProvisions(question: AnalyzedQuestion, sources: GivenSource[], stats: TermStats): string[] {
  const candidates = scoreSentences(question, sources, stats);
  const terms = [...question.terms.words, ...question.terms.bigrams];
  const clauseScore = (clause: string): number => {
    const n = normalizeForMatching(clause);
    return terms.filter((t) => n.includes(t)).length;
  };
  const lines: string[] = [];
  let previous: GivenSource | undefined;
  for (const src of sources) {
    if (lines.length >= MAX_CLOSEST) break;
    let best: (typeof candidates)[number] | undefined;
    // A heading-like sentence (（一）适用事项范围。) names a topic and says nothing: a sentence with content wins when the article has one.
    const substantive = (c: (typeof candidates)[number]): boolean => c.text.replace(/^（[^）]{1,4}）|^[一二三四五六七八九十]+、/, '').length >= MIN_CONTENT;
    for (const c of candidates) {
      if (c.src !== src) continue;
      if (!best || (substantive(c) && !substantive(best)) || (substantive(c) === substantive(best) && c.score > best.score)) best = c;
    }
    if (!best) continue;
    // Articles of one document follow each other under its title once: 《标题》第三条：…[1] 第五条：…[2]
    const sameDoc = previous?.doc.id === src.doc.id && src.chunk.label && src.chunk.label !== '正文';
    const prefix = sameDoc ? labelPrefix(src) : sourcePrefix(src);
    lines.push(`${prefix}${clip(best.text, clauseScore)}[${src.n}]\n`);
    previous = src;
  }
  return lines;
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
