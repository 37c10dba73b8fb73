/**
 * The product's retriever when labelled questions are configured (LABELS_FILE, docs/learned-ranking.md):
 * the hybrid's ranking, reordered by a ranker learned from those labels (learned-ranker.ts). Without
 * labels, or until the ranking is ready, it is the hybrid unchanged — so a server starts at once and
 * switches to the learned order when the fit is done.
 *
 * The fit (weights chosen on the labelled questions, leave-one-out) is cached beside the index as
 * learned-ranking.json, keyed by the labels file's hash and the index build; a rebuilt index or an
 * edited labels file is fitted again.
 *
 * Scores keep the hybrid's scale, since the answer side's refusal confidence is calibrated on it:
 * the n-th result gets the hybrid's n-th best score. Carrying each article's own hybrid score
 * instead would give a promoted article its weak word-match score and pull the top score down,
 * turning the questions the labels answer best into refusals.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { LoadedIndex } from '../../../embeddings/index-store.js';
import type { ProgressFn } from '../../../embeddings/types.js';
import type { Retrieval, Retriever, SearchFilter, SearchHit } from '../../types.js';
import type { AnalyzedQuestion } from '../../../embeddings/text/analyze-question.js';
import type { RetrievalContext } from '../retrieval-context.js';
import { type ArticleTable, readLabelsFile, type LabelledQuestion } from './labels.js';
import { FEATURES, fitWeights, LEARNED_WEIGHTS, LearnedRanker, type LabelledCandidates, type Weights } from './learned-ranker.js';

export const LEARNED_FILE = 'learned-ranking.json';
/** Chunks asked from the hybrid per search: the candidates the ranker reorders. */
export const CANDIDATE_DEPTH = 150;
/** Bumped whenever the signals change meaning, so a fit of other signals is never loaded (2: confidence-scaled votes). */
const CACHE_FORMAT = 2;

/**
 * Below this many labelled questions the server does not fit weights: leave-one-out on a handful of
 * questions cannot show that a signal helps, and a fit would leave every weight at 0 — a confirmed
 * question asked again would gain nothing. The weights fitted on STARD's 1,234 are used instead,
 * until the labels are enough (or `npm run learn` fits on them anyway).
 */
export const MIN_LABELS_TO_FIT = 30;

/**
 * How close (word overlap, 0–1) the closest labelled question must be before the learned order
 * replaces the hybrid's. With labels that cover the questions densely (STARD: 1,234 on one kind of
 * question) even loosely related neighbours carry the law they are answered from: 0.2 gates off 3 of
 * 1,234 train questions and costs nothing in cross-validation, while 0.3 already costs 0.015 R@10. With
 * a sparse set (a few dozen confirmations across a policy corpus) loose neighbours are noise: 40
 * labelled dev-paraphrase questions lowered dev.jsonl hit@1 from 0.773 to 0.727 ungated and to 0.763
 * at 0.5, where only near-repeats of a labelled question are reordered. Measured in docs/learned-ranking.md.
 */
export const DENSE_LABELS = 500;
export const MIN_CONFIDENCE = { sparse: 0.5, dense: 0.2 };

export type LearnedState =
  | { state: 'off' }
  | { state: 'fitting'; labelled: number }
  | { state: 'ready'; labelled: number; weights: Weights; fitted: 'now' | 'cached' | 'default' }
  | { state: 'failed'; message: string };

export interface PrepareOptions {
  labelsFile: string;
  refit?: boolean;
  /** Fewer labelled questions than this use the STARD weights instead of a fit (default MIN_LABELS_TO_FIT). */
  minToFit?: number;
  onLog?: (line: string) => void;
  onProgress?: ProgressFn;
  /** False: neither read nor write the cached fit (measurements that try many label sets on one index). */
  cache?: boolean;
  /** The labelled questions' candidates when the caller computed them already (`npm run learn` does, for its figures). */
  examples?: LabelledCandidates<string>[];
  /** Weights fitted elsewhere on the same labels (the refit worker, refit-in-worker.ts): used and cached, no fit here. */
  weights?: Weights;
}

interface CachedFit {
  format: number;
  labelsHash: string;
  indexBuiltAt: string;
  labelled: number;
  weights: Weights;
  fittedAt: string;
}

/** Article ids of a hybrid result list, best chunk first, with that chunk's score. */
export function rankedArticles(hits: readonly SearchHit[]): { id: string; score: number }[] {
  const seen = new Set<string>();
  const out: { id: string; score: number }[] = [];
  for (const h of hits) {
    if (seen.has(h.chunk.articleId)) continue;
    seen.add(h.chunk.articleId);
    out.push({ id: h.chunk.articleId, score: h.score });
  }
  return out;
}

export class LearnedRetriever implements Retriever {
  readonly name = 'hybrid+learned';
  private ranker?: LearnedRanker<string>;
  status: LearnedState = { state: 'off' };

  constructor(
    private readonly base: Retriever,
    private readonly ctx: RetrievalContext,
  ) {}

  private get index(): LoadedIndex {
    return this.ctx.index;
  }

  /** Built on first use: servers without labels never pay for it. */
  get articles(): ArticleTable {
    return this.ctx.articles;
  }

  async search(query: string | AnalyzedQuestion, k: number, filter?: SearchFilter): Promise<Retrieval> {
    const ranker = this.ranker;
    if (!ranker) return this.base.search(query, k, filter);
    const { hits, signals } = await this.base.search(query, Math.max(k, CANDIDATE_DEPTH), filter);
    const best = new Map<string, SearchHit>();
    for (const h of hits) if (!best.has(h.chunk.articleId)) best.set(h.chunk.articleId, h);
    const ranked = rankedArticles(hits);
    // The n-th result takes the hybrid's n-th best score (see the file comment).
    const scoreAt = (n: number) => ranked[Math.min(n, ranked.length - 1)]?.score ?? 0;
    const out: SearchHit[] = [];
    for (const id of ranker.rank(typeof query === 'string' ? query : query.raw, ranked, Number.MAX_SAFE_INTEGER)) {
      // Articles the labels bring in are not checked against a filter: with one, only the hybrid's are kept.
      const hit = best.get(id) ?? (filter ? undefined : this.hitOf(id));
      if (!hit) continue;
      out.push({ ...hit, score: scoreAt(out.length) });
      if (out.length >= k) break;
    }
    return { hits: out, signals };
  }

  private hitOf(articleId: string): SearchHit | undefined {
    const entry = this.articles.byId.get(articleId);
    if (!entry) return undefined;
    const c = entry.chunks[0];
    return { chunk: this.index.chunks[c], doc: this.ctx.metas[this.index.chunkDoc[c]], score: 0 };
  }

  /**
   * Reads the labels, then loads the cached fit or fits the weights (progress through `onProgress`),
   * and switches searches to the learned order. Never throws: a problem leaves the hybrid serving (also
   * when an earlier call had made a ranking ready: its labels are no longer the ones asked for) and is
   * in the returned state.
   */
  prepare(opts: PrepareOptions): Promise<LearnedState> {
    // One at a time: a confirmation arriving during a fit is fitted after it, never beside it.
    const run = this.preparing.then(() => this.prepareNow(opts));
    this.preparing = run.catch(() => undefined);
    return run;
  }

  private preparing: Promise<unknown> = Promise.resolve();

  private async prepareNow(opts: PrepareOptions): Promise<LearnedState> {
    const log = opts.onLog ?? (() => {});
    try {
      const labels = await readLabelsFile(opts.labelsFile, this.articles);
      for (const p of labels.problems.slice(0, 20)) log(`Labels: ${p}`);
      if (labels.problems.length > 20) log(`Labels: … and ${labels.problems.length - 20} more problems`);
      if (labels.items.length === 0) {
        this.ranker = undefined;
        this.status = { state: 'failed', message: `${opts.labelsFile} has no usable labelled question; searches use the hybrid ranking.` };
        log(this.status.message);
        return this.status;
      }
      this.status = { state: 'fitting', labelled: labels.items.length };
      const cacheFile = path.join(this.index.dir, LEARNED_FILE);
      const cached = opts.refit || opts.cache === false ? undefined : readCachedFit(cacheFile, labels.hash, this.index.manifest.builtAt);
      let weights = cached?.weights;
      const tooFew = labels.items.length < (opts.minToFit ?? MIN_LABELS_TO_FIT);
      if (!weights && tooFew) {
        weights = LEARNED_WEIGHTS;
      } else if (!weights) {
        if (!opts.weights) log(`Learning a ranking from ${labels.items.length} labelled questions in ${opts.labelsFile}…`);
        weights = opts.weights ?? fitWeights(opts.examples ?? (await this.labelledCandidates(labels.items, opts.onProgress)));
        const fit: CachedFit = {
          format: CACHE_FORMAT,
          labelsHash: labels.hash,
          indexBuiltAt: this.index.manifest.builtAt,
          labelled: labels.items.length,
          weights,
          fittedAt: new Date().toISOString(),
        };
        if (opts.cache !== false) {
          try {
            writeFileSync(cacheFile, `${JSON.stringify(fit, null, 1)}\n`);
          } catch (e) {
            // A read-only index folder still serves the learned ranking: only the next start fits again.
            log(`Learned ranking: the fit is not cached (${cacheFile}: ${(e as Error).message}); it is used all the same.`);
          }
        }
      }
      const minConfidence = labels.items.length >= DENSE_LABELS ? MIN_CONFIDENCE.dense : MIN_CONFIDENCE.sparse;
      this.ranker = this.buildRanker(labels.items, { weights, crossFit: false, minConfidence });
      const fitted = cached ? 'cached' : tooFew ? 'default' : 'now';
      this.status = { state: 'ready', labelled: labels.items.length, weights, fitted };
      const how = { cached: 'fit loaded', now: 'fitted now', default: `fewer than ${opts.minToFit ?? MIN_LABELS_TO_FIT} to fit on: the weights fitted on STARD` }[fitted];
      log(`Learned ranking on: ${labels.items.length} labelled questions (${how}; weights ${FEATURES.map((f) => `${f} ${weights[f]}`).join(', ')}).`);
      return this.status;
    } catch (e) {
      this.ranker = undefined;
      this.status = { state: 'failed', message: `Learned ranking off: ${(e as Error).message}` };
      log(this.status.message);
      return this.status;
    }
  }

  /** A ranker over these labelled questions (weights default to the STARD-fitted ones). */
  buildRanker(items: LabelledQuestion[], opts: { weights?: Weights; crossFit?: boolean; minConfidence?: number } = {}): LearnedRanker<string> {
    const articles = this.articles;
    const chunks = this.index.chunks;
    return LearnedRanker.build(items, (id) => articles.byId.get(id)?.title, {
      ...opts,
      articleText: (id) =>
        articles.byId
          .get(id)
          ?.chunks.map((c) => chunks[c].text)
          .join(''),
    });
  }

  /**
   * Every labelled question's candidates with leave-one-out signals (it never votes for itself and
   * its translation model is trained without its fold): what the weights are fitted on.
   */
  async labelledCandidates(items: LabelledQuestion[], onProgress?: ProgressFn): Promise<(LabelledCandidates<string> & { hybrid: string[] })[]> {
    const ranker = this.buildRanker(items, { crossFit: true });
    const out: (LabelledCandidates<string> & { hybrid: string[] })[] = [];
    for (const [i, item] of items.entries()) {
      const ranked = rankedArticles((await this.base.search(item.question, CANDIDATE_DEPTH)).hits);
      out.push({ candidates: ranker.candidates(item.question, ranked, item.key), gold: item.answers, hybrid: ranked.map((r) => r.id) });
      onProgress?.({ stage: 'labelled questions', done: i + 1, total: items.length });
      // A server fitting after it started keeps answering requests in between.
      await new Promise((resolve) => setImmediate(resolve));
    }
    return out;
  }
}

function readCachedFit(file: string, labelsHash: string, indexBuiltAt: string): CachedFit | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const fit = JSON.parse(readFileSync(file, 'utf8')) as CachedFit;
    const complete = fit.weights && FEATURES.every((f) => typeof fit.weights[f] === 'number');
    return fit.format === CACHE_FORMAT && fit.labelsHash === labelsHash && fit.indexBuiltAt === indexBuiltAt && complete ? fit : undefined;
  } catch {
    return undefined;
  }
}
