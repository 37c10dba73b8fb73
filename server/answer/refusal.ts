/**
 * When to say "资料库中未找到…" instead of answering. Retrieval always returns something, so the
 * question is whether the best chunks are about the question at all. Three signals:
 *  - coverage: the idf-weighted share of the question's key terms that the best of the top chunks
 *    (with its title, 文号, issuer and article label) contains — a question about something the corpus
 *    never mentions leaves its rarest terms uncovered; an everyday word counts as covered by its
 *    written form (社保 by 社会保险, embeddings/text/lexicon/coverage-alternatives.tsv);
 *  - must-match terms: a number (2026, 96) the question names that the best chunk lacks, or a place
 *    (上海市, 新加坡) or Latin-script name (GDP) none of the top chunks mentions, halves the confidence —
 *    such a question asks about another year, amount or place than the corpus covers;
 *  - when a dense retriever is given, the cosine similarity of its best chunk, blended with coverage,
 *    which credits paraphrases that share few words with the article;
 *  - when both the lexical and the dense retriever are given, their agreement: the share of the lexical
 *    top 5 whose document is also among the dense top 5. Two unrelated rankers settle on the same
 *    documents when the corpus has them; for a question it cannot answer each ranks its own near misses
 *    (on dev.jsonl, 3.4 of 5 for answerable items, 1.6 for unanswerable ones);
 *  - with the agreement, novel vocabulary: a question word holding a pair of characters no article has
 *    (育儿, 官费, 新加坡, 二手房) lowers the confidence a little. Colloquial words (生意, 名字) are novel too,
 *    which is why it is a small step and not a veto.
 * Thresholds are calibrated on eval/sets/dev.jsonl with `npm run answer-figures -- --sweep` (docs/design.md, "Confidence and refusal").
 */
import { normalizeForMatching } from '../../embeddings/text/normalize.js';
import { analyzed, type AnalyzedQuestion, questionTerms } from '../../embeddings/text/analyze-question.js';
import { coverage, type KeyTerms, type TermStats } from '../../embeddings/text/terms.js';
import type { RetrievalSignals, SearchHit } from '../types.js';
import type { AnswerResult, DocSummary } from '../wire.js';
import { docSummary } from './citations.js';
import { answerKinds, fitsKind, numberUnit } from '../../embeddings/text/question-kind.js';
import { alternativesOf } from '../../embeddings/text/lexicon/lexicon.js';
import { tidy, unwrapLines } from './extractive-model.js';
import { splitSentences } from './sentences.js';
import { supportContext } from './support.js';

/**
 * The signals → a probability that the shown provisions answer the question. The hybrid's (`agreed`, what
 * the product runs) is CONFIDENCE_MODEL, fitted with `npm run calibrate`. A dense-only or lexical-only
 * retriever's (`blended`, `lexical`) is a logistic of the score centred on the refusal thresholds calibrated
 * for them before (0.52, 0.3), with a slope that puts the closest threshold 0.11 below (not fitted: no answer
 * runs on them but in tests and comparisons).
 */
export const CALIBRATION = {
  blended: { slope: 20, centre: 0.52 },
  lexical: { slope: 20, centre: 0.3 },
};
/**
 * The operating point on the probability: answer at or above `answer`; below it quote the closest
 * provisions at or above `closest`; below that, not found. Chosen on the risk–coverage curve of the
 * dev sets (docs/design.md, "Three outcomes"). The same for every signal kind: the calibration puts
 * them on one scale.
 */
// 0.85 since the question memory weighs 0.8: the memory's votes raise the agreement and margin of
// everyday questions, right or wrong. At 0.8 / 0.85 / 0.9, answered and wrong: dev.jsonl 0.732 / 0.061,
// 0.621 / 0.048, 0.470 / 0.022; everyday-dev.jsonl 0.253 / 0.200, 0.179 / 0.188, 0.105 / 0.158.
// 0.87 since the fourth question memory weighs 0.9 (more votes, higher confidence again). At 0.85 / 0.87 / 0.9,
// answered and wrong: dev.jsonl 0.611 / 0.033, 0.571 / 0.018, 0.475 / 0.021; everyday-dev.jsonl 0.210 / 0.108,
// 0.179 / 0.094, 0.136 / 0.120; holdout.jsonl wrong 0.017 / 0.018 / 0.000.
export const STATUS_THRESHOLDS = { answer: 0.87, closest: 0.1 };

/** The hybrid's confidence model, fitted by `npm run calibrate` on the dev sets (its output pasted here). */
export const CONFIDENCE_MODEL: LogisticModel = {
  bias: -3.1783,
  weights: {
    score: 1.3672,
    coverage: 2.1074,
    similarity: -0.4794,
    agreement: 0.177,
    concentration: 0.481,
    unmatched: -1.2076,
    novel: 0.2068,
    figureShortfall: -4.297,
    topAgreement: 1.4567,
    margin: 4.0719,
  },
};

export type SignalKind = 'agreed' | keyof typeof CALIBRATION;

/** Which calibration a retriever's signals call for: agreement and similarity (hybrid), similarity alone, or neither. */
export function signalKind(s: { similarity?: number; agreement?: number }): SignalKind {
  return s.agreement !== undefined ? 'agreed' : s.similarity !== undefined ? 'blended' : 'lexical';
}

/** The probability of a confidence's signals: the fitted model for the hybrid's, the score's logistic otherwise. */
export function calibrated(c: Omit<Confidence, 'probability' | 'best' | 'missing'>, kind: SignalKind): number {
  if (kind === 'agreed') return logistic(CONFIDENCE_MODEL, confidenceFeatures(c));
  const { slope, centre } = CALIBRATION[kind];
  return 1 / (1 + Math.exp(-slope * (c.score - centre)));
}

/** A logistic model over named features: bias + Σ weight × feature, squashed to 0–1. */
export interface LogisticModel {
  bias: number;
  weights: Record<string, number>;
}

export function logistic(model: LogisticModel, features: Record<string, number>): number {
  let z = model.bias;
  for (const [k, w] of Object.entries(model.weights)) z += w * (features[k] ?? 0);
  return 1 / (1 + Math.exp(-z));
}

export type AnswerStatus = AnswerResult['status'];

export function decideStatus(confidence: Pick<Confidence, 'probability'>, t: { answer: number; closest: number }): AnswerStatus {
  if (confidence.probability >= t.answer) return 'answered';
  return confidence.probability >= t.closest ? 'closest' : 'not_found';
}
/** Weight of retriever agreement, added to the (penalised) blend when both retrievers are given. */
export const AGREEMENT_WEIGHT = 0.3;
/** Subtracted (with the agreement) when a question word has a character pair unseen in the corpus. */
export const NOVEL_TERM_PENALTY = 0.1;
/** An abbreviation (民企, 住建部) matches a written form with at most this many characters between two of its own. */
const ABBREVIATION_GAP = 4;
/**
 * Weight of concentration, added with the agreement: the share of the top 5 hits that come from the top
 * hit's document. A question the corpus answers is about one document's provisions, and its neighbouring
 * articles follow it up the list; a question it cannot answer collects near misses from many documents
 * (on dev.jsonl 0.62 for answerable items, 0.33 for unanswerable ones; 0.53 for the paraphrased ones).
 */
export const CONCENTRATION_WEIGHT = 0.1;
/** Weight of coverage in the blend; the rest is the dense retriever's best cosine similarity. */
export const COVERAGE_WEIGHT = 0.3;
/** Factor applied when a must-match term of the question is in none of the top chunks. */
export const MUST_MATCH_PENALTY = 0.5;
/**
 * A number question (多少钱, 百分之多少, 多久) whose top chunks have no sentence stating a figure in the
 * asked unit that covers FIGURE_SHARE of what the best chunk covers of the question loses FIGURE_PENALTY
 * × the shortfall: the topic is in the corpus, the asked value is not (住房公积金贷款最高能贷多少, 单位缴费
 * 比例是百分之多少). Relative to the chunk's coverage, not absolute: a question in everyday words
 * (这个污点要留几年) covers little of any sentence, the one stating the figure included.
 */
export const FIGURE_SHARE = 0.6;
export const FIGURE_PENALTY = 1.0;
/** How many of the top hits may carry the answer. */
const CONFIDENCE_DEPTH = 5;

export interface Confidence {
  score: number;
  /** The score calibrated to 0–1 (CALIBRATION): what the status is decided on and the API reports. */
  probability: number;
  /** Index of the hit that covers the question best. */
  best: number;
  coverage: number;
  /** Best cosine similarity of the dense retriever, when one was consulted. */
  similarity?: number;
  /** Share of the lexical top 5 whose document is in the dense top 5, when both were consulted. */
  agreement?: number;
  /** Key terms the best hit lacks. */
  missing: string[];
  /** Must-match terms (places, names, numbers) no top hit contains. */
  unmatched: string[];
  /** Share of the top 5 hits from the top hit's document. */
  concentration: number;
  /** Share of the retriever's candidate lists that put the top hit's document near their top (signals.ts), when it has several. */
  topAgreement?: number;
  /** How far the top hit's score is ahead of the second's, relative to it (0 when tied, 1 when alone). */
  margin: number;
  /** Question words with a character pair no article has (counted only with the agreement). */
  novel: string[];
  /**
   * For a number question: the best coverage of the question by a top-chunk sentence that states a
   * figure in the asked unit (0 when none does).
   */
  figure?: number;
  /** For a number question: how far `figure` falls short of FIGURE_SHARE of the best chunk's coverage of the number part. */
  figureShortfall?: number;
}

/** Best coverage of the question by a sentence of the hits that states a figure in the unit the question asks. */
export function figureCoverage(question: string, terms: KeyTerms, hits: SearchHit[], stats: TermStats, alt: Map<string, string[]>): number {
  const unit = numberUnit(question);
  let best = 0;
  for (const h of hits) {
    for (const s of splitSentences(unwrapLines(h.chunk.text), { semicolons: true })) {
      const text = tidy(s.text);
      if (!fitsKind('number', text, unit)) continue;
      const norm = normalizeForMatching(text);
      best = Math.max(best, coverage(terms, norm, stats, withAbbreviations(terms, norm, alt)).score);
    }
  }
  return best;
}

const CJK = /[\u3400-\u9fff]/;

/**
 * `alt` plus the abbreviations the text spells out: a question word (or pair) of 2–4 Chinese characters
 * that the text lacks counts when the text has its characters in order with at most ABBREVIATION_GAP
 * characters between them — the usual way Chinese shortens a name (民企 → 民营企业, 网贷 → 网络贷款,
 * 住建部 → 住房和城乡建设部, 港建费 → 港口建设费, 个税 → 个人所得税).
 */
export function withAbbreviations(terms: KeyTerms, textNorm: string, alt: Map<string, string[]>): Map<string, string[]> {
  let out = alt;
  for (const t of [...terms.words, ...terms.bigrams]) {
    const chars = [...t];
    if (chars.length < 2 || chars.length > 4 || !chars.every((c) => CJK.test(c)) || textNorm.includes(t)) continue;
    const m = textNorm.match(abbreviationPattern(t, chars));
    if (!m) continue;
    if (out === alt) out = new Map(alt);
    out.set(t, [...(out.get(t) ?? []), m[0]]);
  }
  return out;
}

/**
 * The sentences of a question that ask for a number (多少, 多久…), when it has others too; the whole
 * question when it has one sentence, or when the number part is too short to stand alone (要多长时间？).
 */
export function numberPart(question: string): string {
  const parts = question.split(/(?<=[？?！!。；;])/).filter((p) => p.trim());
  if (parts.length < 2) return question;
  const asking = parts.filter((p) => answerKinds(p).includes('number'));
  if (asking.length === 0 || asking.length === parts.length) return question;
  const part = asking.join('');
  return questionTerms(part).words.length >= 2 ? part : question;
}

const patterns = new Map<string, RegExp>();
/** The pattern of an abbreviation's spelled-out forms, built once per term (the confidence runs it over every top sentence). */
function abbreviationPattern(term: string, chars: string[]): RegExp {
  let re = patterns.get(term);
  if (!re) {
    if (patterns.size > 10_000) patterns.clear();
    re = new RegExp(chars.join(`[\\u3400-\\u9fff]{0,${ABBREVIATION_GAP}}`));
    patterns.set(term, re);
  }
  return re;
}

/** `question` is read through its analysis (made here when only the text is given). */
export function retrievalConfidence(
  asked: string | AnalyzedQuestion,
  hits: SearchHit[],
  stats: TermStats,
  signals: Pick<RetrievalSignals, 'similarity' | 'agreement' | 'topAgreement'> = {},
): Confidence {
  const { similarity, agreement, topAgreement } = signals;
  const q = analyzed(asked);
  const question = q.raw;
  const terms = q.coreTerms;
  // 社保 in the question is 社会保险 in the article: the same list the extractive model reads it with.
  const alt = alternativesOf(terms);
  const none: Confidence = { score: 0, probability: 0, best: -1, coverage: 0, similarity, agreement, concentration: 0, margin: 0, missing: terms.words, unmatched: [], novel: [] };
  if (hits.length === 0 || terms.words.length + terms.bigrams.length === 0) return none;
  const top = hits.slice(0, CONFIDENCE_DEPTH);
  let best = -1;
  let bestCov = { score: -1, found: [] as string[], missing: [] as string[] };
  top.forEach((h, i) => {
    const context = supportContext(h);
    const c = coverage(terms, context, stats, withAbbreviations(terms, context, alt));
    if (c.score > bestCov.score) {
      bestCov = c;
      best = i;
    }
  });
  // A number must be in the chunk that answers; a place or a Latin-script name only somewhere in the top
  // chunks (a province's documents often say 省 where the question says 江苏; PPP is spelled out as
  // 政府和社会资本合作 in the article and named once in another).
  const contexts = top.map((h) => supportContext(h));
  const bestContext = contexts[best];
  const unmatched = q.mustMatch.filter((t) => (/^[\d.%]/.test(t) ? !bestContext.includes(t) : !contexts.some((c) => c.includes(t))));
  const novel = agreement === undefined ? [] : terms.words.filter((w) => stats.hasUnseenBigram(w));
  const base = similarity === undefined ? bestCov.score : COVERAGE_WEIGHT * bestCov.score + (1 - COVERAGE_WEIGHT) * similarity;
  let figure: number | undefined;
  let figureBase = bestCov.score;
  if (q.kinds.includes('number')) {
    // Of a question in several parts (多久能批下来？领取期间医保费谁来交？) only the part asking the
    // number is answered by the figure: the figure sentence is measured against that part alone.
    const part = numberPart(question);
    const partTerms = part === question ? terms : questionTerms(part);
    const partAlt = part === question ? alt : alternativesOf(partTerms);
    figure = figureCoverage(part, partTerms, top, stats, partAlt);
    if (part !== question) figureBase = Math.max(...contexts.map((c) => coverage(partTerms, c, stats, withAbbreviations(partTerms, c, partAlt)).score));
  }
  const shortfall = figure === undefined ? undefined : figureShortfall(figure, figureBase);
  const concentration = top.filter((h) => h.doc.id === top[0].doc.id).length / CONFIDENCE_DEPTH;
  const score =
    base * (unmatched.length ? MUST_MATCH_PENALTY : 1) +
    (agreement === undefined ? 0 : AGREEMENT_WEIGHT * agreement + CONCENTRATION_WEIGHT * concentration - (novel.length ? NOVEL_TERM_PENALTY : 0)) -
    (shortfall === undefined ? 0 : FIGURE_PENALTY * shortfall);
  const margin = hits.length < 2 || hits[0].score <= 0 ? 1 : Math.max(0, Math.min(1, (hits[0].score - hits[1].score) / hits[0].score));
  const parts = {
    score,
    coverage: bestCov.score,
    similarity,
    agreement,
    concentration,
    topAgreement,
    margin,
    unmatched,
    novel,
    figureShortfall: shortfall,
  };
  return {
    ...parts,
    probability: Math.round(calibrated(parts, signalKind(signals)) * 1000) / 1000,
    best,
    missing: bestCov.missing,
    figure,
  };
}

/** How far the best figure-stating sentence falls short of FIGURE_SHARE of the best chunk's coverage. */
export function figureShortfall(figure: number, coverage: number): number {
  return Math.max(0, FIGURE_SHARE - (coverage > 0 ? figure / coverage : 0));
}

/** The signals behind a confidence as numbers (0/1 for the yes/no ones): what the confidence model reads and `npm run calibrate` fits. */
export function confidenceFeatures(c: Omit<Confidence, 'probability' | 'best' | 'missing'>): Record<string, number> {
  return {
    score: c.score,
    coverage: c.coverage,
    similarity: c.similarity ?? 0,
    agreement: c.agreement ?? 0,
    concentration: c.concentration,
    unmatched: c.unmatched.length ? 1 : 0,
    novel: c.novel.length ? 1 : 0,
    figureShortfall: c.figureShortfall ?? 0,
    topAgreement: c.topAgreement ?? 0,
    margin: c.margin,
  };
}

/** Distinct documents of the top hits, in rank order. */
export function closestDocuments(hits: SearchHit[], n = 3): DocSummary[] {
  const out: DocSummary[] = [];
  const seen = new Set<string>();
  for (const h of hits) {
    if (seen.has(h.doc.id)) continue;
    seen.add(h.doc.id);
    out.push(docSummary(h.doc));
    if (out.length >= n) break;
  }
  return out;
}

/** The not-found answer: one sentence, what the corpus covers and lacks when known, and the closest documents. */
export function notFoundText(closest: DocSummary[], nearDomain?: string): string {
  const head = `资料库中未找到能够回答该问题的规定。${nearDomain ?? ''}`;
  if (closest.length === 0) return head;
  const list = closest
    .map((d) => {
      const meta = [d.docNo, d.date].filter(Boolean).join('，');
      return `《${d.title}》${meta ? `（${meta}）` : ''}`;
    })
    .join('、');
  return `${head}内容最接近的文件是：${list}，可供参考。`;
}

/** A model that says the sources do not answer, in any of the usual ways. */
export function isRefusalSentence(text: string): boolean {
  return /资料库中未找到|未找到(相关|能够回答|可以回答)|(资料|来源|材料|文件)(中)?(并)?(未|没有)(提及|涉及|规定|包含|说明)|无法(根据|从).{0,12}(回答|确定)|不能回答/.test(text);
}
