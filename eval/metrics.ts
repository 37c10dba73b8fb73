/**
 * The evaluation's figures as pure functions over strings and numbers: what counts as a hit,
 * when a citation supports a sentence, and how items add up to rates and percentiles.
 *
 * The runner checks citations with its own rule rather than trusting the answer pipeline's
 * checker, so a bug there shows up here instead of being measured as correct.
 */
import { withoutDocNumbers } from '../embeddings/text/doc-number.js';
import { compactText } from '../embeddings/text/normalize.js';
import type { AnswerOutcome, AnswerStatus, CitationView, EvalItem, ItemResult, Metrics, Passage, RetrievalMetrics, RiskCoverage, SentenceView } from './types.js';

/** Retrieval depth of every run: MRR@10 and hit@10 need ten passages. */
export const RETRIEVAL_DEPTH = 10;

/** Share of a sentence's character bigrams that must occur in a chunk for the chunk to support it. */
export const SUPPORT_THRESHOLD = 0.5;

/** Sentences with fewer content characters than this (headings, "综上") are not counted. */
export const MIN_SENTENCE_CHARS = 4;

/** The contract's matching rule: all whitespace removed from both sides, nothing else changed. */
export function stripWhitespace(text: string): string {
  return text.replace(/\s+/g, '');
}

/** True when the text, whitespace ignored, contains one of the evidence quotes. */
export function containsEvidence(text: string, evidence: readonly string[]): boolean {
  if (evidence.length === 0) return false;
  const hay = stripWhitespace(text);
  return evidence.some((quote) => {
    const needle = stripWhitespace(quote);
    return needle.length > 0 && hay.includes(needle);
  });
}

/** 1-based rank of the first passage containing an evidence quote among the first `depth`; null when none does. */
export function firstHitRank(texts: readonly string[], evidence: readonly string[], depth = RETRIEVAL_DEPTH): number | null {
  const n = Math.min(depth, texts.length);
  for (let i = 0; i < n; i++) if (containsEvidence(texts[i], evidence)) return i + 1;
  return null;
}

export function hitAt(rank: number | null, k: number): boolean {
  return rank !== null && rank <= k;
}

/** Reciprocal rank cut at `cutoff` (MRR@10 averages this). */
export function reciprocalRank(rank: number | null, cutoff = RETRIEVAL_DEPTH): number {
  return rank !== null && rank <= cutoff ? 1 / rank : 0;
}

export interface AnswerSentence {
  /** The sentence as written, markers included. */
  text: string;
  /** The [n] markers in or right after it, in order, without repeats. */
  cites: number[];
  /** The sentence without markers, titles in 《》, 文号s, punctuation or whitespace: what must be supported. */
  content: string;
}

const MARKER = /\[(\d+(?:\s*[,，、]\s*\d+)*)\]/g;
// A sentence runs to 。！？ (with closing quotes) or a line break; markers right after its end belong to it.
const SENTENCE = /[^。！？!?\n]+(?:[。！？!?]+[”’」』）)]*)?(?:[ \t]*\[\d+(?:\s*[,，、]\s*\d+)*\])*/g;

function contentOf(sentence: string): string {
  return withoutDocNumbers(sentence)
    .replace(MARKER, '')
    .replace(/《[^》]*》/g, '')
    .replace(/[\s\p{P}\p{S}]+/gu, '');
}

// A clause ending in ； and cited on its own (list items quoted one by one) counts as a sentence.
const CITED_CLAUSE = /([；;][ \t]*(?:\[\d+(?:\s*[,，、]\s*\d+)*\][ \t]*)+)/g;

/** Splits an answer into sentences with their citation markers. */
export function splitSentences(answer: string): AnswerSentence[] {
  const out: AnswerSentence[] = [];
  for (const match of answer.replace(CITED_CLAUSE, '$1\n').matchAll(SENTENCE)) {
    const text = match[0].trim();
    if (!text) continue;
    const cites: number[] = [];
    for (const m of text.matchAll(MARKER)) {
      for (const n of m[1].split(/\s*[,，、]\s*/)) {
        const v = Number(n);
        if (!cites.includes(v)) cites.push(v);
      }
    }
    out.push({ text, cites, content: contentOf(text) });
  }
  return out;
}

function bigrams(text: string): Set<string> {
  const chars = Array.from(text);
  const out = new Set<string>();
  if (chars.length === 1) out.add(chars[0]);
  for (let i = 0; i + 1 < chars.length; i++) out.add(chars[i] + chars[i + 1]);
  return out;
}

/**
 * Share of the sentence's distinct character bigrams (content only) that occur in the chunk.
 * Chinese has no spaces, so bigrams stand in for words; a sentence copied or closely
 * paraphrased from the chunk scores near 1, an unrelated one near 0.
 */
export function supportScore(sentenceContent: string, chunkText: string): number {
  const s = bigrams(sentenceContent);
  if (s.size === 0) return 0;
  const c = bigrams(contentOf(chunkText));
  let shared = 0;
  for (const g of s) if (c.has(g)) shared++;
  return shared / s.size;
}

export function supports(sentenceContent: string, chunkText: string, threshold = SUPPORT_THRESHOLD): boolean {
  return supportScore(sentenceContent, chunkText) >= threshold;
}

/** Share of keywords that occur in the answer (whitespace ignored, full-width forms folded); null without keywords. */
export function keywordRecall(answer: string, keywords: readonly string[]): number | null {
  const wanted = keywords.map((k) => compactText(k)).filter(Boolean);
  if (wanted.length === 0) return null;
  const hay = compactText(answer);
  return wanted.filter((k) => hay.includes(k)).length / wanted.length;
}

/** Nearest-rank percentile (p in 0–100); null for no values. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1];
}

export function mean(values: readonly number[]): number | null {
  return values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
}

function ratio(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator;
}

/** The outcome's status; a server older than the three outcomes only says whether it refused. */
export function statusOf(outcome: Pick<AnswerOutcome, 'status' | 'refused'>): AnswerStatus {
  return outcome.status ?? (outcome.refused ? 'not_found' : 'answered');
}

export interface CitationScore {
  citations: CitationView[];
  sentences: SentenceView[];
  evidenceCited: boolean;
}

/**
 * Scores an answer's citations. A citation is precise when its chunk contains an evidence quote
 * or supports a sentence that cites it; a sentence is supported when one of its citations supports it.
 * `chunkTexts` maps chunk ids to their text; a missing chunk falls back to the citation's quote.
 */
export function scoreCitations(outcome: AnswerOutcome, evidence: readonly string[], chunkTexts: ReadonlyMap<string, string>): CitationScore {
  const textOf = new Map<number, string>();
  for (const c of outcome.citations) textOf.set(c.n, chunkTexts.get(c.chunkId) ?? c.quote);
  const supportsSome = new Set<number>();
  const sentences: SentenceView[] = [];
  const status = statusOf(outcome);
  if (status !== 'not_found') {
    for (const s of splitSentences(outcome.answer)) {
      if (Array.from(s.content).length < MIN_SENTENCE_CHARS) continue;
      // Closest provisions are introduced by a sentence that claims nothing (没有找到直接回答的条文…): only the quoted provisions count.
      if (status === 'closest' && s.cites.length === 0) continue;
      let supported = false;
      for (const n of s.cites) {
        const text = textOf.get(n);
        if (text !== undefined && supports(s.content, text)) {
          supported = true;
          supportsSome.add(n);
        }
      }
      sentences.push({ text: s.text, cites: s.cites, supported });
    }
  }
  const citations = outcome.citations.map((c): CitationView => {
    const containsEv = containsEvidence(textOf.get(c.n) ?? '', evidence);
    const supportsSentence = supportsSome.has(c.n);
    return {
      n: c.n,
      chunkId: c.chunkId,
      article: c.article,
      docTitle: c.docTitle,
      containsEvidence: containsEv,
      supportsSentence,
      precise: containsEv || supportsSentence,
    };
  });
  return { citations, sentences, evidenceCited: citations.some((c) => c.containsEvidence) };
}

/** Why an item failed; empty when it passed. */
export function failureReasons(r: Pick<ItemResult, 'type' | 'rank' | 'status' | 'evidenceCited' | 'citations' | 'error'>, k: number): string[] {
  const out: string[] = [];
  if (r.error) return [`error: ${r.error}`];
  if (r.type === 'unanswerable') {
    if (r.status === 'answered') out.push('answered an unanswerable question');
    return out;
  }
  if (!hitAt(r.rank, k)) out.push(r.rank === null ? `evidence not in top ${Math.max(k, RETRIEVAL_DEPTH)}` : `evidence at rank ${r.rank}, not in top ${k}`);
  if (r.status === 'not_found') out.push('not found, but answerable');
  else if (!r.evidenceCited) out.push(r.status === 'closest' ? 'closest provisions shown, none holds the evidence' : 'no citation holds the evidence');
  else if (r.status === 'closest') out.push('evidence shown as closest, not answered');
  const bad = r.citations.filter((c) => !c.precise).map((c) => `[${c.n}]`);
  if (bad.length) out.push(`citation${bad.length > 1 ? 's' : ''} ${bad.join('')} neither support${bad.length > 1 ? '' : 's'} a sentence nor hold the evidence`);
  return out;
}

/** Scores one item from what was retrieved and answered; timings and the judge are filled in by the runner. */
export function scoreItem(
  item: EvalItem,
  passages: readonly Passage[],
  outcome: AnswerOutcome,
  chunkTexts: ReadonlyMap<string, string>,
  k: number,
): Omit<ItemResult, 'searchMs' | 'answerMs' | 'judged'> {
  const rank =
    item.type === 'unanswerable'
      ? null
      : firstHitRank(
          passages.map((p) => p.text),
          item.evidence,
          passages.length,
        );
  const cit = scoreCitations(outcome, item.evidence, chunkTexts);
  const base = {
    id: item.id,
    line: item.line,
    type: item.type,
    question: item.question,
    evidence: item.evidence,
    referenceAnswer: item.answer,
    doc: item.doc,
    keywords: item.keywords,
    ...(item.tags?.length ? { tags: item.tags } : {}),
    rank,
    retrieved: passages.slice(0, Math.max(k, 1)).map((p) => ({
      id: p.id,
      docTitle: p.docTitle,
      label: p.label,
      snippet: Array.from(p.text).slice(0, 160).join(''),
      hit: containsEvidence(p.text, item.evidence),
    })),
    answer: outcome.answer,
    refused: outcome.refused,
    status: statusOf(outcome),
    ...(outcome.confidence !== undefined ? { confidence: outcome.confidence } : {}),
    model: outcome.model,
    citations: cit.citations,
    sentences: cit.sentences,
    keywordRecall: item.type === 'unanswerable' ? null : statusOf(outcome) === 'not_found' ? (item.keywords.length ? 0 : null) : keywordRecall(outcome.answer, item.keywords),
    evidenceCited: cit.evidenceCited,
  };
  return { ...base, failures: failureReasons(base, k) };
}

/** Figures of a group of scored items. */
export function summarize(results: readonly ItemResult[], k: number): Metrics {
  const answerable = results.filter((r) => r.type !== 'unanswerable' && !r.error);
  const unanswerable = results.filter((r) => r.type === 'unanswerable' && !r.error);
  const ok = results.filter((r) => !r.error);
  const citations = ok.flatMap((r) => r.citations);
  const sentences = ok.flatMap((r) => r.sentences);
  const kw = answerable.map((r) => r.keywordRecall).filter((v): v is number => v !== null);
  const judged = answerable.map((r) => r.judged).filter((v): v is number => v !== null);
  const rr = answerable.map((r) => reciprocalRank(r.rank));
  const answered = ok.filter((r) => r.status === 'answered');
  const searchMs = ok.map((r) => r.searchMs);
  const answerMs = ok.map((r) => r.answerMs);
  return {
    items: results.length,
    answerable: answerable.length,
    unanswerable: unanswerable.length,
    hit1: ratio(answerable.filter((r) => hitAt(r.rank, 1)).length, answerable.length),
    hit5: ratio(answerable.filter((r) => hitAt(r.rank, 5)).length, answerable.length),
    hit10: ratio(answerable.filter((r) => hitAt(r.rank, 10)).length, answerable.length),
    hitK: ratio(answerable.filter((r) => hitAt(r.rank, k)).length, answerable.length),
    mrr10: mean(rr),
    citationPrecision: ratio(citations.filter((c) => c.precise).length, citations.length),
    citationRecall: ratio(sentences.filter((s) => s.supported).length, sentences.length),
    evidenceCited: ratio(answerable.filter((r) => r.evidenceCited).length, answerable.length),
    keywordRecall: mean(kw),
    refusalRate: ratio(unanswerable.filter((r) => r.status !== 'answered').length, unanswerable.length),
    falseRefusalRate: ratio(answerable.filter((r) => r.status !== 'answered').length, answerable.length),
    answeredRate: ratio(answerable.filter((r) => r.status === 'answered').length, answerable.length),
    notFoundRate: ratio(answerable.filter((r) => r.status === 'not_found').length, answerable.length),
    confidentWrong: ratio(answered.filter(isWrong).length, answered.length),
    answerChars: percentile(
      ok.filter((r) => r.status !== 'not_found').map((r) => Array.from(r.answer).length),
      50,
    ),
    judged: mean(judged),
    searchP50: percentile(searchMs, 50),
    searchP95: percentile(searchMs, 95),
    answerP50: percentile(answerMs, 50),
    answerP95: percentile(answerMs, 95),
    failed: results.filter((r) => r.failures.length > 0).length,
    errors: results.filter((r) => r.error).length,
  };
}

/** An answered item is wrong when the corpus does not answer it or no citation holds the evidence. */
function isWrong(r: Pick<ItemResult, 'type' | 'evidenceCited'>): boolean {
  return r.type === 'unanswerable' || !r.evidenceCited;
}

/**
 * The risk–coverage curve of the confidence: for each threshold (every distinct confidence), the share
 * of items answered (coverage) and the share of those that are wrong (risk). An item counts as right
 * at a threshold when it is answerable and its shown citations hold the evidence — the same citations
 * are shown whatever the status, so moving the threshold changes only the label. Items without a
 * confidence (exact-reference answers, errors) are left out; undefined when none has one.
 */
export function riskCoverage(results: readonly ItemResult[]): RiskCoverage | undefined {
  const scored = results.filter((r) => !r.error && r.confidence !== undefined);
  if (scored.length === 0) return undefined;
  const sorted = [...scored].sort((a, b) => b.confidence! - a.confidence!);
  const points: RiskCoverage['points'] = [];
  let wrong = 0;
  sorted.forEach((r, i) => {
    if (isWrong(r)) wrong++;
    const next = sorted[i + 1];
    // One point per distinct threshold: ties are answered together.
    if (next && next.confidence === r.confidence) return;
    points.push({ threshold: r.confidence!, coverage: (i + 1) / sorted.length, risk: wrong / (i + 1) });
  });
  const answered = scored.filter((r) => r.status === 'answered');
  return {
    items: scored.length,
    points,
    operating: { coverage: answered.length / scored.length, risk: answered.length ? answered.filter(isWrong).length / answered.length : 0 },
  };
}

/** Retrieval figures from per-item ranks (answerable items only) and search timings. */
export function summarizeRetrieval(ranks: readonly (number | null)[], searchMs: readonly number[], k: number): RetrievalMetrics {
  return {
    items: ranks.length,
    hit1: ratio(ranks.filter((r) => hitAt(r, 1)).length, ranks.length),
    hit5: ratio(ranks.filter((r) => hitAt(r, 5)).length, ranks.length),
    hit10: ratio(ranks.filter((r) => hitAt(r, 10)).length, ranks.length),
    hitK: ratio(ranks.filter((r) => hitAt(r, k)).length, ranks.length),
    mrr10: mean(ranks.map((r) => reciprocalRank(r))),
    searchP50: percentile(searchMs, 50),
    searchP95: percentile(searchMs, 95),
  };
}

/** Groups items by tag, tags in alphabetical order; untagged items are in no group. */
export function groupByTag<T extends { tags?: string[] }>(items: readonly T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const it of items) for (const tag of it.tags ?? []) out.set(tag, [...(out.get(tag) ?? []), it]);
  return new Map([...out].sort(([a], [b]) => a.localeCompare(b)));
}

/** Groups items by question type, in the order types first appear. */
export function groupByType<T extends { type: string }>(items: readonly T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const it of items) {
    const list = out.get(it.type) ?? [];
    list.push(it);
    out.set(it.type, list);
  }
  return out;
}
