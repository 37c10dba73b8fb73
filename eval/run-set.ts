/**
 * Runs every item of a set through a target: retrieval by the primary retriever (timed alone),
 * the whole answer pipeline (timed alone), the citation check, and optionally the judge and
 * the other retrievers for `--compare`. Items run one after another so timings are not skewed
 * by each other on a small machine.
 */
import type { Judge } from './judge.js';
import { RETRIEVAL_DEPTH, firstHitRank, groupByTag, groupByType, scoreItem, summarizeRetrieval } from './metrics.js';
import { QUESTION_TYPES, type AnswerOutcome, type EvalItem, type EvalTarget, type ItemResult, type Passage, type RetrieverComparison } from './types.js';

export interface RunOptions {
  k: number;
  /** Also run every other retriever of the target, for side-by-side retrieval figures. */
  compare?: boolean;
  judge?: Judge;
  /** Called after each item. */
  onItem?: (done: number, total: number, result: ItemResult) => void;
  /** One untimed search and answer before the timed items (default true). */
  warmUp?: boolean;
  /** Called once when the judge fails, so the run can say why the figure is missing. */
  onJudgeError?: (err: Error) => void;
}

export interface RunOutput {
  results: ItemResult[];
  compare?: RetrieverComparison[];
}

const EMPTY_ANSWER: AnswerOutcome = { answer: '', citations: [], refused: false, model: '' };

function elapsed(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export async function runSet(items: readonly EvalItem[], target: EvalTarget, opts: RunOptions): Promise<RunOutput> {
  const depth = Math.max(opts.k, RETRIEVAL_DEPTH);
  const primary = target.retrievers[target.primary];
  const others = opts.compare ? Object.keys(target.retrievers).filter((n) => n !== target.primary) : [];
  const otherRanks = new Map<string, { ranks: Map<string, number | null>; ms: Map<string, number> }>();
  for (const name of others) otherRanks.set(name, { ranks: new Map(), ms: new Map() });
  const results: ItemResult[] = [];
  let judgeFailed = false;

  if (opts.warmUp !== false && items.length > 0) {
    // The first call pays for lazy loading (segmenter dictionary, term statistics); one untimed
    // round keeps that out of the latency figures. Its errors show up again on the real items.
    await primary(items[0].question, depth).catch(() => undefined);
    await target.answer(items[0].question).catch(() => undefined);
  }

  for (const item of items) {
    let result: ItemResult;
    // Retrieval and answer fail separately, so an answer error still shows what was retrieved.
    let passages: Passage[] = [];
    let searchMs = 0;
    let stage = 'search';
    try {
      let t = process.hrtime.bigint();
      passages = await primary(item.question, depth);
      searchMs = elapsed(t);
      stage = 'answer';
      t = process.hrtime.bigint();
      const outcome = await target.answer(item.question);
      const answerMs = elapsed(t);
      stage = 'citations';
      const chunkTexts = new Map<string, string>();
      for (const c of outcome.citations) {
        if (chunkTexts.has(c.chunkId)) continue;
        const text = await target.chunkText(c.chunkId);
        if (text !== undefined) chunkTexts.set(c.chunkId, text);
      }
      let judged: number | null = null;
      if (opts.judge && item.type !== 'unanswerable') {
        if (outcome.status === 'not_found' || (outcome.status === undefined && outcome.refused)) judged = 0;
        else if (!judgeFailed) {
          try {
            judged = await opts.judge({ question: item.question, reference: item.answer, answer: outcome.answer });
          } catch (err) {
            // One failure usually means the endpoint is down; stop asking rather than wait on every item.
            judgeFailed = true;
            opts.onJudgeError?.(err as Error);
          }
        }
      }
      result = { ...scoreItem(item, passages, outcome, chunkTexts, opts.k), searchMs, answerMs, judged };
    } catch (err) {
      const base = scoreItem(item, passages, { ...EMPTY_ANSWER }, new Map(), opts.k);
      const error = `${stage}: ${message(err)}`;
      result = { ...base, searchMs, answerMs: 0, judged: null, error, failures: [`error: ${error}`] };
    }

    for (const name of others) {
      const slot = otherRanks.get(name)!;
      if (item.type === 'unanswerable') continue;
      try {
        const t = process.hrtime.bigint();
        const passages = await target.retrievers[name](item.question, depth);
        slot.ms.set(item.id, elapsed(t));
        slot.ranks.set(
          item.id,
          firstHitRank(
            passages.map((p) => p.text),
            item.evidence,
            passages.length,
          ),
        );
      } catch {
        slot.ranks.set(item.id, null);
      }
    }

    results.push(result);
    opts.onItem?.(results.length, items.length, result);
  }

  if (!opts.compare) return { results };

  const answerable = results.filter((r) => r.type !== 'unanswerable' && !r.error);
  const compare: RetrieverComparison[] = [];
  const build = (name: string, rankOf: (id: string) => number | null, msOf: (id: string) => number | undefined): RetrieverComparison => {
    const ranks: Record<string, number | null> = {};
    for (const r of answerable) ranks[r.id] = rankOf(r.id);
    const figures = (group: readonly ItemResult[]) =>
      summarizeRetrieval(
        group.map((r) => ranks[r.id]),
        group.map((r) => msOf(r.id)).filter((v): v is number => v !== undefined),
        opts.k,
      );
    const byType: Record<string, ReturnType<typeof figures>> = {};
    const groups = groupByType(answerable);
    for (const type of QUESTION_TYPES) {
      const group = groups.get(type);
      if (group) byType[type] = figures(group);
    }
    const byTag: Record<string, ReturnType<typeof figures>> = {};
    for (const [tag, group] of groupByTag(answerable)) byTag[tag] = figures(group);
    return { name, overall: figures(answerable), byType, ...(Object.keys(byTag).length ? { byTag } : {}), ranks };
  };
  const byId = new Map(results.map((r) => [r.id, r]));
  compare.push(
    build(
      target.primary,
      (id) => byId.get(id)!.rank,
      (id) => byId.get(id)!.searchMs,
    ),
  );
  for (const name of others) {
    const slot = otherRanks.get(name)!;
    compare.push(
      build(
        name,
        (id) => slot.ranks.get(id) ?? null,
        (id) => slot.ms.get(id),
      ),
    );
  }
  return { results, compare };
}
