/**
 * The answering pipeline: rewrite the follow-up → retrieve → decide the status from the confidence →
 * let the answer model write → check every sentence as it completes → stream what passed.
 * Nothing unverified is ever emitted: text goes out one checked sentence at a time.
 *
 * Three outcomes (refusal.ts decides between them): `answered` when confident; `closest` when the
 * retrieved provisions are related but not surely the answer — they are quoted as the closest, with
 * their citations and no claim that they answer; `not_found` when nothing related was found, or the
 * question names an article or 文号 the corpus does not have.
 *
 * Fallbacks: the LLM fails or stalls before any sentence passed → extractive answer with a notice;
 * the LLM's answer has no sentence that survives the check → extractive answer with a notice;
 * the LLM says the sources do not answer → the closest provisions; nothing survives at all → the same.
 */
import { normalizeForMatching } from '../../embeddings/text/normalize.js';
import type { Config } from '../config.js';
import { AppError } from '../errors.js';
import type { AnswerEvent, Answerer, CorpusStore, Retriever, SearchHit } from '../types.js';
import type { AnswerRequest, AnswerResult } from '../wire.js';
import { checkSentence, CitationLedger } from './citations.js';
import { answerModelKind } from './answer-models.js';
import { corpusTermStats } from './corpus-stats.js';
import { createExtractiveModel } from './extractive-model.js';
import { readModelStatus } from './model-status.js';
import { type AnswerStatus, closestDocuments, type Confidence, decideStatus, isRefusalSentence, notFoundText, retrievalConfidence, STATUS_THRESHOLDS } from './refusal.js';
import { CLOSEST_AFTER_NOTE, CLOSEST_HEAD, closestProvisions, nearDomainNote } from './closest.js';
import { ruleRewriter } from './rewrite-followup.js';
import { SentenceStream } from './sentences.js';
import { SUPPORT_THRESHOLD } from './support.js';
import type { TermStats } from '../../embeddings/text/terms.js';
import { ModelUnavailableError, type AnswerModel, type FollowUpRewriter, type GivenSource } from './types.js';
import { markHistorical, ValidityIndex } from './validity.js';
import { NamedDocumentRetriever, TitleIndex } from '../retrieval/named-title.js';
import { ExactReferences } from './exact-references.js';
import { type AnalyzedQuestion, analyzeQuestion } from '../../embeddings/text/analyze-question.js';
import { type QueryRewrite, type QueryRewriter, searchText } from '../retrieval/query-rewrite.js';

export interface AnswererOptions {
  store: CorpusStore;
  retriever: Retriever;
  /** The question's one analysis, with the index's lexicon (RetrievalContext.analyze); without expansions when absent. */
  analyze?: (question: string) => AnalyzedQuestion;
  /** The answer model; the extractive model when absent. */
  model?: AnswerModel;
  /** Follow-up rewriting; the rule when absent. */
  rewriter?: FollowUpRewriter;
  /** Everyday words → policy words before searching (an LLM); the question is searched as typed when absent. */
  queryRewriter?: QueryRewriter;
  /** Term statistics; built from the store when absent. */
  stats?: TermStats | Promise<TermStats>;
  /** Today, for validity notes. */
  now?: () => Date;
  /** Chunks retrieved per question. */
  k?: number;
  /** Chunks given to the answer model, numbered [1]…[maxSources]. */
  maxSources?: number;
  /** Answer at or above this confidence (0–1); the calibrated value for the retriever's signals when absent. */
  answerThreshold?: number;
  /** Below the answer threshold, show the closest provisions at or above this confidence, else say not found. */
  closestThreshold?: number;
  supportThreshold?: number;
  /** Sees every refusal decision's confidence and the hits it was computed on (the figures' sweep). */
  onConfidence?: (question: string, confidence: Confidence, hits: SearchHit[]) => void;
}

const NOTICE = {
  unavailable: '模型服务不可用，以下为从资料库摘录的回答。',
  timeout: '模型服务响应超时，以下为从资料库摘录的回答。',
  interrupted: '模型服务中断，回答可能不完整。',
  unverified: '模型的回答未能通过引用核验，以下为从资料库摘录的回答。',
  dropped: (n: number) => `已删除 ${n} 句无法在所引资料中核实的内容。`,
};

/** Top hits as numbered sources, one per distinct text (the same article from two compilations is one). */
export function givenSources(hits: SearchHit[], max: number): GivenSource[] {
  const out: GivenSource[] = [];
  const seen = new Set<string>();
  for (const h of hits) {
    const key = normalizeForMatching(h.chunk.text);
    if (seen.has(h.chunk.id) || seen.has(key)) continue;
    seen.add(h.chunk.id);
    seen.add(key);
    out.push({ n: out.length + 1, chunk: h.chunk, doc: h.doc, score: h.score });
    if (out.length >= max) break;
  }
  return out;
}

interface RunOutcome {
  dropped: number;
  refusedByModel: boolean;
  /** The status the model stated on its first line, when it stated one the server can read. */
  modelStatus?: AnswerStatus;
  error?: ModelUnavailableError;
}

export function createAnswerer(opts: AnswererOptions): Answerer {
  const getStats = (): Promise<TermStats> => (opts.stats ? Promise.resolve(opts.stats) : corpusTermStats(opts.store));
  const extractive = createExtractiveModel(getStats);
  const primary = opts.model ?? extractive;
  const rewriter = opts.rewriter ?? ruleRewriter;
  const analyze = opts.analyze ?? ((q: string) => analyzeQuestion(q));
  const k = opts.k ?? 8;
  const maxSources = opts.maxSources ?? 5;
  // On the calibrated probability, whatever signals the retriever leaves (refusal.ts puts them on one scale).
  const thresholds = {
    answer: opts.answerThreshold ?? STATUS_THRESHOLDS.answer,
    closest: opts.closestThreshold ?? Math.min(STATUS_THRESHOLDS.closest, opts.answerThreshold ?? 1),
  };
  const supportThreshold = opts.supportThreshold ?? SUPPORT_THRESHOLD;
  let validity: ValidityIndex | undefined;
  let titles: TitleIndex | undefined;
  const titleIndex = (): TitleIndex => (titles ??= new TitleIndex(opts.store.listDocuments()));
  // A document the question names by title answers it: its best chunks go first.
  const retriever = new NamedDocumentRetriever(opts.retriever, titleIndex);
  const references = new ExactReferences(opts.store, titleIndex);
  const validityIndex = (): ValidityIndex => (validity ??= new ValidityIndex(opts.store.listDocuments(), opts.now, (id) => opts.store.getDocument(id)?.text));

  async function run(
    model: AnswerModel,
    question: AnalyzedQuestion,
    sources: GivenSource[],
    ledger: CitationLedger,
    stats: TermStats,
    emit: (e: AnswerEvent) => void,
    signal?: AbortSignal,
  ): Promise<RunOutcome> {
    const stream = new SentenceStream();
    const outcome: RunOutcome = { dropped: 0, refusedByModel: false };
    let first = true;
    const handle = (sentence: string): void => {
      let raw = sentence;
      if (first && raw.trim()) {
        first = false;
        const line = readModelStatus(raw);
        if (line) {
          outcome.modelStatus = line.status;
          raw = line.rest;
          if (!raw.trim() || line.status === 'closest' || line.status === 'not_found') return;
        }
      }
      const checked = checkSentence(raw, sources, stats, supportThreshold);
      if (checked.status === 'empty') return;
      if (checked.status === 'dropped') {
        if (isRefusalSentence(checked.body)) outcome.refusedByModel = true;
        else outcome.dropped++;
        return;
      }
      const { text, newCitations } = ledger.accept(checked);
      if (newCitations) emit({ type: 'citations', citations: ledger.citations() });
      if (text) emit({ type: 'text', delta: text });
    };
    try {
      for await (const delta of model.generate({ question: question.raw, analysis: question, sources }, signal)) {
        for (const raw of stream.push(delta)) handle(raw);
        // The model says its sources do not answer: nothing it writes after that is shown.
        if (outcome.modelStatus === 'closest' || outcome.modelStatus === 'not_found') return outcome;
      }
      for (const raw of stream.end()) handle(raw);
    } catch (e) {
      if (signal?.aborted) throw signal.reason ?? e;
      outcome.error = ModelUnavailableError.isInstance(e) ? e : new ModelUnavailableError('error', String(e), { cause: e });
    }
    return outcome;
  }

  return {
    model: primary.name,
    // The server calls this once it is listening, so building the statistics never delays start-up.
    async warmUp(): Promise<void> {
      await getStats();
      validityIndex();
    },
    async answer(req: AnswerRequest, { signal, onEvent } = {}): Promise<AnswerResult> {
      const t0 = performance.now();
      const emit = (e: AnswerEvent): void => onEvent?.(e);
      const original = req.question.trim();
      if (!original) throw new AppError('bad_request', 'The question is empty.');

      const question = (await rewriter.rewrite(original, req.history ?? [], signal)).trim() || original;
      if (question !== original) emit({ type: 'question', question });
      signal?.throwIfAborted();

      let rewrite: QueryRewrite | undefined;
      const finish = (r: Omit<AnswerResult, 'question' | 'tookMs'>): AnswerResult => ({
        ...r,
        question,
        ...(rewrite?.rewritten ? { rewrittenQuery: rewrite.query } : {}),
        tookMs: Math.round((performance.now() - t0) * 10) / 10,
      });

      const analysis = analyze(question);
      // An exact reference the corpus does not have: say so, rather than answer with another document's
      // article — before asking any model or index.
      const missing = references.missing(analysis);
      if (missing) {
        emit({ type: 'text', delta: missing });
        return finish({ status: 'not_found', answer: missing, citations: [], refused: true, model: primary.name, closest: [] });
      }

      // The question in policy words, when an LLM rewrites it, is searched with the question's own words;
      // the question itself is what the confidence and the answer model read. One search: its signals
      // (dense similarity, lexical–dense agreement) feed the confidence below.
      rewrite = opts.queryRewriter ? await opts.queryRewriter.rewrite(question, signal) : undefined;
      if (rewrite?.rewritten) emit({ type: 'search', query: rewrite.query });
      signal?.throwIfAborted();
      const { hits, signals } = await retriever.search(rewrite?.rewritten ? analyze(searchText(question, rewrite)) : analysis, k);
      const stats = await getStats();
      signal?.throwIfAborted();
      const confidence = retrievalConfidence(analysis, hits, stats, signals);
      opts.onConfidence?.(question, confidence, hits);
      const shown = { confidence: confidence.probability };
      const closestDocs = closestDocuments(hits);
      const notFound = (model: string, notice?: string): AnswerResult => {
        const answer = notFoundText(closestDocs, nearDomainNote(analysis, confidence, stats, { missingWords: true }));
        emit({ type: 'text', delta: answer });
        return finish({ status: 'not_found', answer, citations: [], refused: true, model, closest: closestDocs, ...shown, ...(notice ? { notice } : {}) });
      };
      // The closest provisions, quoted as such: a verbatim sentence of each, cited and checked like any answer.
      const showClosest = (notices: string[]): AnswerResult => {
        // Composed by the server from the sources whatever the answer model: it claims nothing.
        const model = extractive.name;
        const ledger = new CitationLedger(sources, stats, (doc) => validityIndex().note(doc));
        const note = nearDomainNote(analysis, confidence, stats);
        const head = note ? `${note}${CLOSEST_AFTER_NOTE}\n` : `${CLOSEST_HEAD}\n`;
        const lines = closestProvisions(analysis, sources, stats, head.length).map((line) => ledger.accept(checkSentence(line, sources, stats, supportThreshold)));
        if (ledger.sentenceCount === 0) return notFound(model, notices.join(' ') || undefined);
        emit({ type: 'text', delta: head });
        emit({ type: 'citations', citations: ledger.citations() });
        for (const l of lines) if (l.text) emit({ type: 'text', delta: l.text });
        return finish({
          status: 'closest',
          answer: `${head}${ledger.answerText()}`,
          citations: ledger.citations(),
          refused: true,
          model,
          closest: closestDocs,
          ...shown,
          ...(notices.length ? { notice: notices.join(' ') } : {}),
        });
      };

      // An expired or repealed source is marked: a source in force covering the same point leads the answer.
      const sources = markHistorical(givenSources(hits, maxSources), validityIndex());
      const status = decideStatus(confidence, thresholds);
      if (status === 'not_found' || sources.length === 0) return notFound(primary.name);
      if (status === 'closest') return showClosest([]);
      const notices: string[] = [];
      const note = (n: string): void => {
        notices.push(n);
        emit({ type: 'notice', message: n });
      };
      const ledger = new CitationLedger(sources, stats, (doc) => validityIndex().note(doc));
      let used = primary;
      let outcome = await run(primary, analysis, sources, ledger, stats, emit, signal);

      if (outcome.error) {
        if (ledger.sentenceCount > 0) note(NOTICE.interrupted);
        else if (primary !== extractive) {
          note(outcome.error.kind === 'timeout' ? NOTICE.timeout : NOTICE.unavailable);
          used = extractive;
          outcome = await run(extractive, analysis, sources, ledger, stats, emit, signal);
        }
      } else if (ledger.sentenceCount === 0 && (outcome.refusedByModel || outcome.modelStatus === 'closest' || outcome.modelStatus === 'not_found')) {
        return showClosest(notices);
      } else if (ledger.sentenceCount === 0 && primary !== extractive) {
        note(NOTICE.unverified);
        used = extractive;
        outcome = await run(extractive, analysis, sources, ledger, stats, emit, signal);
      }
      if (used === primary && outcome.dropped > 0) note(NOTICE.dropped(outcome.dropped));

      if (ledger.sentenceCount === 0) return showClosest(notices);
      return finish({
        status: 'answered',
        answer: ledger.answerText(),
        citations: ledger.citations(),
        refused: false,
        model: used.name,
        ...shown,
        ...(notices.length ? { notice: notices.join(' ') } : {}),
      });
    },
  };
}

/** The pipeline as configured: the answer model of `config.llm.kind` (answer-models.ts), extractive by default. */
export function createAnswererFromConfig(
  config: Config,
  parts: {
    store: CorpusStore;
    retriever: Retriever;
    analyze?: AnswererOptions['analyze'];
    promptsDir?: string;
    stats?: TermStats;
    onConfidence?: AnswererOptions['onConfidence'];
  },
): Answerer {
  const base = { store: parts.store, retriever: parts.retriever, analyze: parts.analyze, stats: parts.stats, onConfidence: parts.onConfidence };
  return createAnswerer({ ...base, ...answerModelKind(config.llm.kind).create(config.llm, { promptsDir: parts.promptsDir }) });
}
