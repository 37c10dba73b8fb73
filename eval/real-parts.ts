/**
 * The server's real parts (server/runtime.ts) as an in-process evaluation target: the index as `npm start`
 * opens it (built first when missing or stale), its retrievers (with the learned ranking as the
 * primary one when labelled questions are configured), and the answerer the
 * configuration selects — the same objects the server answers with. For `--compare` it adds the
 * naive baseline (BM25 over fixed 500-character windows) that every figure is divided by.
 */
import type { ProgressReporter } from '../embeddings/progress-reporter.js';
import type { Config } from '../server/config.js';
import { createChatModel } from '../server/answer/llm-model.js';
import { loadPrompts } from '../server/answer/prompts.js';
import { createLlmQueryRewriter, searchText } from '../server/retrieval/query-rewrite.js';
import { RetrievalContext } from '../server/retrieval/retrieval-context.js';
import { plainRetrievers } from '../server/retrieval/retrievers.js';
import { openRuntime } from '../server/runtime.js';
import type { Retriever } from '../server/types.js';
import { createInProcessTarget } from './in-process-target.js';
import { NaiveBaseline } from './naive-baseline.js';
import { readReplies, startReplayServer, type ReplayServer } from './replay-llm.js';
import type { EvalTarget, SearchFn } from './types.js';

export interface InProcessOptions {
  /** Also build the naive baseline (a few seconds) for side-by-side figures. */
  compare?: boolean;
  /** Recorded LLM rewrites of the set's questions: adds the hybrid and the naive baseline searched with them. */
  rewrites?: string;
  /** Recorded LLM answers of the set's questions: the answers come from LLM=openai pointed at a replay of them. */
  answers?: string;
  /** Shows index build progress; nothing is shown without it. */
  progress?: ProgressReporter;
}

export async function loadInProcessTarget(config: Config, opts: InProcessOptions = {}): Promise<EvalTarget> {
  const log = opts.progress?.log ?? (() => {});
  // --answers: the configured answerer is the LLM one, talking to a loopback replay of the recorded answers.
  // The answers were recorded for the sources the question as typed finds: rewrites get an empty reply (searched as typed).
  const answerReplay = opts.answers ? await startReplayServer(new Map(), readReplies(opts.answers), { emptyRewrites: true }) : undefined;
  const answering: Config = answerReplay
    ? { ...config, llm: { kind: 'openai', baseURL: answerReplay.baseURL, model: 'replayed-answers', timeoutMs: 10_000, firstTokenMs: 10_000, totalMs: 30_000, rewriteTimeoutMs: 2_000 } }
    : config;
  const opened = await openRuntime(answering, { onLog: log, onProgress: opts.progress?.onProgress });
  // What the server would serve: the learned ranking when LABELS_FILE exists (fitted or loaded now), else the hybrid.
  const ranking = await opened.prepareRanking({ onLog: log, onProgress: opts.progress?.onProgress });
  opts.progress?.done();
  const { learned, ...plain } = opened.retrievers;
  const retrievers: Record<string, Retriever> = ranking.state === 'ready' ? { ...plain, learned } : { ...plain };
  const passageSearch: Record<string, SearchFn> = {};
  let replay: ReplayServer | undefined;
  if (opts.compare) {
    // The question as typed, without the lexicon's written forms: what expansion adds is this row against the hybrid's.
    retrievers['hybrid, no expansion'] = plainRetrievers(new RetrievalContext(opened.index, { expand: false })).hybrid;
    log('Building the naive baseline (BM25 over 500-character windows) for --compare.');
    const naive = await NaiveBaseline.build(config.corpusDir);
    passageSearch.naive = async (query, k) => naive.search(query, k);
    if (opts.rewrites) {
      replay = await startReplayServer(readReplies(opts.rewrites));
      const chat = createChatModel({ baseURL: replay.baseURL, model: 'replay', timeoutMs: 10_000 });
      const rewriter = createLlmQueryRewriter(chat, loadPrompts().rewriteQuery, 10_000);
      // Searched as the product searches a rewrite: with the question's own words (searchText).
      const rewritten = async (q: string) => searchText(q, await rewriter.rewrite(q));
      const hybrid = opened.retrievers.hybrid;
      retrievers['hybrid, rewritten'] = { name: 'hybrid, rewritten', search: async (q, k, f) => hybrid.search(await rewritten(typeof q === 'string' ? q : q.raw), k, f) };
      passageSearch['naive, rewritten'] = async (q, k) => naive.search(await rewritten(q), k);
    }
  }
  return createInProcessTarget({
    store: opened.store,
    retrievers,
    passageSearch,
    primary: ranking.state === 'ready' ? 'learned' : 'hybrid',
    baseline: opts.compare ? 'naive' : undefined,
    answerer: opened.answerer,
    info: {
      ...opened.indexInfo,
      indexDir: config.indexDir,
      ...(opened.built ? { built: opened.built } : {}),
      ...(opts.rewrites ? { rewrites: opts.rewrites } : {}),
      ...(opts.answers ? { answers: opts.answers } : {}),
    },
    close: async () => {
      if (replay?.misses) log(`--rewrites: ${replay.misses} questions had no recorded rewrite and were searched as typed.`);
      await replay?.close();
      await answerReplay?.close();
    },
  });
}
