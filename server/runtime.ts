/**
 * The composition root: every part of the query side, built from the configuration in one place.
 * The server (cli/serve.ts), the commands (ask, learn, answer-figures, bench) and the in-process
 * evaluation all start here, so each of them answers with the same objects wired the same way.
 */
import { existsSync } from 'node:fs';
import { findEmbedder } from '../embeddings/embedders.js';
import type { AnalyzedQuestion } from '../embeddings/text/analyze-question.js';
import type { LoadedIndex } from '../embeddings/index-store.js';
import type { AppDeps, IndexInfo } from './app-deps.js';
import type { Config } from './config.js';
import { type AnswerModelParts, answerModelKind } from './answer/answer-models.js';
import { corpusTermStats, statsTexts } from './answer/corpus-stats.js';
import type { TermStats } from '../embeddings/text/terms.js';
import { type AnswererOptions, createAnswerer } from './answer/create-answerer.js';
import { IndexCorpusStore } from './retrieval/index-corpus-store.js';
import { citedTitleKey } from '../embeddings/text/titles.js';
import { type QuestionBanks, type QuestionFiles, readQuestionFiles } from './retrieval/question-source.js';
import { LabelRecorder } from './retrieval/learned/label-recorder.js';
import { LearnedRetriever, type LearnedState } from './retrieval/learned/learned-retriever.js';
import { fitInWorker } from './retrieval/learned/refit-in-worker.js';
import type { PipelineRetriever } from './retrieval/pipeline.js';
import { openIndexFiles, type OpenedIndexFiles, type OpenIndexOptions } from './retrieval/open-index.js';
import { RetrievalContext } from './retrieval/retrieval-context.js';
import { DEFAULT_HYBRID, NEURAL_HYBRID, plainRetrievers } from './retrieval/retrievers.js';
import { createLogger } from './request-log.js';
import { LiveLibrary } from './library/live-library.js';
import { UploadsStore } from './library/uploads-store.js';
import { runInWorker } from './worker-thread.js';
import { loadIndex } from '../embeddings/index-store.js';
import type { Answerer, CorpusStore, Retriever } from './types.js';

export type { OpenIndexOptions };

export interface Retrievers {
  lexical: PipelineRetriever;
  dense: PipelineRetriever;
  hybrid: PipelineRetriever;
  /** The hybrid reordered by what labelled questions taught it; the hybrid itself until `prepare` (learned/). */
  learned: LearnedRetriever;
}

/** What the query side is made of, over one loaded index. */
export interface QueryParts {
  store: CorpusStore;
  retrievers: Retrievers;
  /** The retriever the product uses: `learned`, which is the hybrid unless labelled questions are configured. */
  retriever: Retriever;
  indexInfo: IndexInfo;
  index: LoadedIndex;
  /** A question's one analysis, with this index's lexicon (the mined abbreviations included). */
  analyze: (question: string) => AnalyzedQuestion;
  /** The question memories searched beside the index (SYNTHETIC_QUESTIONS, LAW_QUESTIONS), those that name articles of it. */
  questionBanks: QuestionBanks;
}

export interface OpenedIndex extends QueryParts, Omit<OpenedIndexFiles, 'index'> {}

/**
 * Store, retrievers and health info over an already loaded index; `syntheticQuestions` and `lawQuestions`
 * add the question memories, or `questionBanks` those read already for the same build (their chunk positions
 * hold for every generation of that build: live changes only append chunks or mark them dead).
 */
export function assembleQueryParts(
  index: LoadedIndex,
  opts: { syntheticQuestions?: readonly string[]; lawQuestions?: readonly string[]; questionBanks?: Partial<QuestionBanks> } = {},
): QueryParts {
  const ctx = new RetrievalContext(index);
  const banks: QuestionBanks = {
    everyday: opts.questionBanks?.everyday ?? readQuestionFiles(opts.syntheticQuestions ?? [], ctx),
    laws: opts.questionBanks?.laws ?? readQuestionFiles(opts.lawQuestions ?? [], ctx),
  };
  // A corpus-trained embedder is weak alone and gets a small weight; a neural one equal fusion.
  const corpusTrained = findEmbedder(String(index.manifest.embedder.identity.kind))?.corpusTrained;
  const { lexical, dense, hybrid } = plainRetrievers(ctx, corpusTrained ? DEFAULT_HYBRID : NEURAL_HYBRID, banks);
  const learned = new LearnedRetriever(hybrid, ctx);
  const m = index.manifest;
  return {
    store: new IndexCorpusStore(index),
    retrievers: { lexical, dense, hybrid, learned },
    retriever: learned,
    indexInfo: { documents: m.counts.documents, chunks: m.counts.chunks, embedder: m.embedder.name, builtAt: m.builtAt },
    index,
    analyze: (question) => ctx.analyze(question),
    questionBanks: banks,
  };
}

/** The configured index (built first when missing or stale) with its query parts. */
export async function openQueryParts(
  config: Pick<Config, 'corpusDir' | 'indexDir' | 'embeddings' | 'corpusDirSet'> & Partial<Pick<Config, 'syntheticQuestions' | 'lawQuestions'>>,
  opts: OpenIndexOptions = {},
): Promise<OpenedIndex> {
  const { index, ...rest } = await openIndexFiles(config, opts);
  return { ...assembleQueryParts(index, { syntheticQuestions: config.syntheticQuestions, lawQuestions: config.lawQuestions }), ...rest };
}

/** Extra wiring for measurements: precomputed term statistics, a look at every refusal decision. */
export type AnswererExtras = Pick<AnswererOptions, 'stats' | 'onConfidence'> & { promptsDir?: string };

/**
 * The answerer as configured (extractive by default, the LLM when LLM=openai, with its follow-up and
 * query rewriters), answering through the product's retriever, whose signals feed the refusal
 * confidence. `models` are the configured answer model's parts, when the caller made them already.
 */
export function assembleAnswerer(
  config: Config,
  parts: Pick<QueryParts, 'store' | 'retriever' | 'analyze'>,
  extras: AnswererExtras = {},
  models: AnswerModelParts = answerModelKind(config.llm.kind).create(config.llm, { promptsDir: extras.promptsDir }),
): Answerer {
  const { promptsDir: _, ...options } = extras;
  return createAnswerer({ store: parts.store, retriever: parts.retriever, analyze: parts.analyze, ...models, ...options });
}

/**
 * Turns on the learned ranking when the labels file exists (a missing LABELS_FILE that was set
 * explicitly is reported); otherwise searches stay on the hybrid. Never throws.
 */
export async function prepareLearnedRanking(
  config: Pick<Config, 'labelsFile' | 'labelsFileSet'>,
  parts: Pick<QueryParts, 'retrievers'>,
  opts: Omit<Parameters<LearnedRetriever['prepare']>[0], 'labelsFile'> = {},
): Promise<LearnedState> {
  if (!existsSync(config.labelsFile)) {
    if (config.labelsFileSet) opts.onLog?.(`LABELS_FILE ${config.labelsFile} does not exist; searches use the hybrid ranking.`);
    return { state: 'off' };
  }
  return parts.retrievers.learned.prepare({ labelsFile: config.labelsFile, ...opts });
}

/** Everything a process of Cewen serves or measures with. */
export interface Runtime extends OpenedIndex {
  config: Config;
  answerer: Answerer;
  /** Uploads and removals into the live index; each change replaces the parts `appDeps()` serves. */
  library: LiveLibrary;
  /** Records confirmations from the chat window; absent when LABELS_FROM_UI=off. */
  labels?: LabelRecorder;
  /** Prepares the learned ranking from LABELS_FILE (see prepareLearnedRanking). */
  prepareRanking(opts?: Omit<Parameters<LearnedRetriever['prepare']>[0], 'labelsFile'>): Promise<LearnedState>;
  /** The parts the HTTP app is built from. */
  appDeps(): AppDeps;
}

export interface RuntimeOptions extends OpenIndexOptions, AnswererExtras {}

/**
 * Opens the configured index, applies the uploaded and removed documents (UPLOADS_DIR), and builds every
 * part from it. The first generation's parts are the Runtime's own fields; a later change of the library
 * builds a new generation and swaps it into the object `appDeps()` returns, which the routes read per request.
 */
export async function openRuntime(config: Config, opts: RuntimeOptions = {}): Promise<Runtime> {
  const { stats, onConfidence, promptsDir, ...indexOpts } = opts;
  const { index: built, ...files } = await openIndexFiles(config, indexOpts);
  // Made once: the answerer and /api/search share the query rewriter (and its cache).
  const models = answerModelKind(config.llm.kind).create(config.llm, { promptsDir });
  const logger = createLogger(config.logLevel);
  // What a build of the index is read into once, not at every upload: the question memory, and the answer
  // side's term statistics (a new generation counts its added documents on top; removed ones stay counted,
  // as in the BM25 postings, until a rebuild).
  let readOnce: { builtAt: string; banks: QuestionBanks; stats?: Promise<TermStats>; docIds: Set<string> } | undefined;
  const generation = (index: LoadedIndex) => {
    const same = readOnce?.builtAt === index.manifest.builtAt ? readOnce : undefined;
    const added = same ? index.documents.filter((d) => !same.docIds.has(d.id)) : [];
    // An upload of a law a memory has questions for (中华人民共和国劳动合同法) has that memory read again (about
    // a second), so those questions find it at once rather than after the next rebuild.
    const current = (files?: QuestionFiles) => (files && !added.some((d) => files.pendingTitles.has(citedTitleKey(d.title))) ? files : undefined);
    const parts = assembleQueryParts(index, {
      syntheticQuestions: config.syntheticQuestions,
      lawQuestions: config.lawQuestions,
      questionBanks: { everyday: current(same?.banks.everyday), laws: current(same?.banks.laws) },
    });
    const termStats = stats ? Promise.resolve(stats) : same?.stats ? same.stats.then((s) => s.withTexts(added.flatMap(statsTexts))) : corpusTermStats(parts.store);
    readOnce = { builtAt: index.manifest.builtAt, banks: parts.questionBanks, stats: termStats, docIds: new Set(index.documents.map((d) => d.id)) };
    return { parts, answerer: assembleAnswerer(config, parts, { stats: termStats, onConfidence }, models) };
  };
  let deps: AppDeps | undefined;
  let labels: LabelRecorder | undefined;
  const library = await LiveLibrary.open(
    built,
    new UploadsStore(config.uploadsDir),
    async (index) => {
      const next = generation(index);
      await next.answerer.warmUp?.();
      labels?.retarget(next.parts.retrievers.learned);
      // One synchronous step: a request reads the old generation's parts or the new one's, never a mix.
      if (deps) {
        deps.store = next.parts.store;
        deps.indexInfo = next.parts.indexInfo;
        deps.retriever = next.parts.retriever;
        deps.answerer = next.answerer;
        deps.ranking = () => next.parts.retrievers.learned.status;
      }
      // The labelled questions, when there are any, are fitted again for the new documents meanwhile.
      void prepareLearnedRanking(config, next.parts, { onLog: indexOpts.onLog });
    },
    indexOpts.onLog,
    // A full rebuild in a worker thread (uploads included), then the new index loaded here.
    async () => {
      await runInWorker('rebuild-worker', { config });
      return loadIndex(config.indexDir, config.embeddings);
    },
  );
  const first = generation(library.current);
  const opened: OpenedIndex = { ...first.parts, ...files };
  const learned = opened.retrievers.learned;
  // A refit after new confirmations fits its weights in a worker thread: searches go on at full speed meanwhile.
  labels = config.labelsFromUi
    ? new LabelRecorder(
        config.labelsFile,
        learned,
        (line) => console.log(line),
        undefined,
        undefined,
        (file) => fitInWorker(config, file),
      )
    : undefined;
  return {
    ...opened,
    config,
    answerer: first.answerer,
    labels,
    library,
    prepareRanking: (o = {}) => prepareLearnedRanking(config, opened, o),
    appDeps: () =>
      (deps ??= {
        config,
        store: opened.store,
        indexInfo: opened.indexInfo,
        retriever: opened.retriever,
        queryRewriter: models.queryRewriter,
        llm: models.llmState,
        logger,
        answerer: first.answerer,
        ranking: () => learned.status,
        labels,
        library,
      }),
  };
}
