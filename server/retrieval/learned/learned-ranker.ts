/**
 * A ranking learned from labelled questions (question → the articles that answer it). For a new
 * question, every candidate article gets a few signals, and a weighted sum of them orders the list:
 *
 * - the retriever's own score (scaled to 1 for its best) and a reciprocal-rank term, so what the
 *   unsupervised retrieval puts first stays first unless the labels say otherwise;
 * - article votes: how close the nearest labelled questions citing this article are (5 and 20
 *   neighbours, from QuestionMemory, each scaled to 1 for the best-voted article);
 * - a law vote: the same over the laws (document titles) of the 30 nearest questions;
 * - priors: how often the article, and its law, answer a labelled question at all (log counts);
 *   votes and priors are multiplied by the confidence — the word overlap (cosine, 0–1) between the
 *   question and its closest labelled question — so labels about other things stay small;
 * - translation: how well the article's words predict the question's under a word-translation
 *   model learned from the labelled pairs (translation-model.ts), per question word.
 *   Unlike the votes it reaches articles no labelled question cites. For a labelled question itself
 *   it comes from a model trained without that question's fold (5 folds), the same cross-fitting
 *   the votes get by leaving one out.
 *
 * The weights are not hand-set: `fitWeights` finds them by coordinate ascent on the labelled
 * questions themselves, with every signal computed leave-one-out (a question never votes for itself
 * and is not counted in the priors), so a weight is only as large as it helps on questions the
 * labels did not include. On STARD the labelled questions are the train split (`stard-tune.ts`
 * prints the 5-fold cross-validated figures on train and the weights below).
 *
 * Candidates are the retriever's ranking plus every article the 20 nearest questions cite, so
 * labelled articles the retriever missed can enter. This replaces the earlier fixed-weight fusion
 * (QuestionMemory.fuse: raw votes added at 0.75 / 0.3), which lifted recall at 10 but pushed the
 * retriever's correct first article down (R@1 0.224 → 0.199 on train).
 */
import { QuestionMemory, type RememberedQuestion } from './question-memory.js';
import { modelWords, TranslationModel, type ArticleWords } from './translation-model.js';

export const FEATURES = ['retrieverScore', 'retrieverRank', 'articleVote5', 'articleVote20', 'lawVote30', 'articlePrior', 'lawPrior', 'translation'] as const;
export type Feature = (typeof FEATURES)[number];
export type Weights = Record<Feature, number>;

/**
 * Fitted on all 1,234 STARD train questions (`npm run learn` over the STARD index, or
 * `npx tsx eval/benchmarks/stard-tune.ts`; leave-one-out signals, objective R@10 + ½ R@1 + ½ MRR@100).
 * retrieverScore is the fixed unit. The server ranks with these below MIN_LABELS_TO_FIT labelled questions.
 */
export const LEARNED_WEIGHTS: Weights = {
  retrieverScore: 1,
  retrieverRank: 1.92,
  articleVote5: 0,
  articleVote20: 0.5,
  lawVote30: 0.9,
  articlePrior: 1.2,
  lawPrior: 1,
  translation: 1.1,
};

/** Added to the rank before the reciprocal: 1/(rank + 5), so rank 0 gets 0.2 and rank 20 0.04. */
const RANK_OFFSET = 5;
/** Counts are scaled by log(1 + cap): an article cited by 60 questions, a law by 1,000, reach 1. */
const ARTICLE_PRIOR_CAP = 60;
const LAW_PRIOR_CAP = 1000;
const ARTICLE_NEIGHBOURS = [5, 20] as const;
const LAW_NEIGHBOURS = 30;
/** The translation model of a labelled question comes from the other folds: item i is in fold i mod FOLDS. */
export const TRANSLATION_FOLDS = 5;

export interface Candidate<Id> {
  id: Id;
  /** In FEATURES order. */
  features: number[];
}

/** Cosine overlap of two word sets: 1 for the same words, 0 for none shared. */
function overlap(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const w of a) if (b.has(w)) shared++;
  return shared / Math.sqrt(a.size * b.size);
}

function scaled<K>(m: Map<K, number>): Map<K, number> {
  const top = Math.max(0, ...m.values()) || 1;
  for (const [k, v] of m) m.set(k, v / top);
  return m;
}

export class LearnedRanker<Id> {
  private readonly articleCount = new Map<Id, number>();
  private readonly lawCount = new Map<string, number>();
  private readonly byKey = new Map<number, RememberedQuestion<Id>>();
  private readonly foldOf = new Map<number, number>();
  private readonly words = new Map<Id, string[]>();
  private readonly questionWordSets = new Map<number, Set<string>>();
  /** Per translation model (each has its own vocabulary), the articles' words as it counts them. */
  private readonly counted = new Map<TranslationModel, Map<Id, ArticleWords>>();
  /** Trained on all labelled pairs, then one per fold trained without it; none without article texts. */
  private readonly translation: { all: TranslationModel; folds: TranslationModel[] } | undefined;

  private constructor(
    private readonly memory: QuestionMemory<Id>,
    items: readonly RememberedQuestion<Id>[],
    readonly weights: Weights,
    private readonly articleText?: (id: Id) => string | undefined,
    crossFit = true,
    private readonly minConfidence = 0,
  ) {
    if (articleText) {
      const pairs = items.map((it) => {
        const question = modelWords(it.question);
        return it.answers.map((id) => ({ question, article: this.articleWords(id) }));
      });
      const train = (skip?: number) => TranslationModel.train(pairs.filter((_, i) => i % TRANSLATION_FOLDS !== skip).flat());
      this.translation = { all: train(), folds: crossFit ? Array.from({ length: TRANSLATION_FOLDS }, (_, k) => train(k)) : [] };
    }
    items.forEach((it, i) => {
      this.byKey.set(it.key, it);
      this.foldOf.set(it.key, i % TRANSLATION_FOLDS);
      for (const id of new Set(it.answers)) this.articleCount.set(id, (this.articleCount.get(id) ?? 0) + 1);
      for (const law of this.lawsOf(it.answers)) this.lawCount.set(law, (this.lawCount.get(law) ?? 0) + 1);
    });
  }

  /**
   * Without `articleText` the translation signal is 0 for every candidate. `crossFit: false` skips
   * the per-fold translation models, which only leave-one-out scoring of the labelled questions
   * themselves needs (fitting weights); a served ranking never excludes a question.
   */
  static build<Id>(
    items: RememberedQuestion<Id>[],
    lawOf: (id: Id) => string | undefined,
    opts: { weights?: Weights; articleText?: (id: Id) => string | undefined; crossFit?: boolean; minConfidence?: number } = {},
  ): LearnedRanker<Id> {
    return new LearnedRanker(QuestionMemory.build(items, lawOf), items, opts.weights ?? LEARNED_WEIGHTS, opts.articleText, opts.crossFit ?? true, opts.minConfidence);
  }

  private articleWords(id: Id): string[] {
    let w = this.words.get(id);
    if (!w) this.words.set(id, (w = modelWords(this.articleText?.(id) ?? '')));
    return w;
  }

  private countedWords(model: TranslationModel, id: Id): ArticleWords {
    let byId = this.counted.get(model);
    if (!byId) this.counted.set(model, (byId = new Map()));
    let w = byId.get(id);
    // Serving has one model: its compact counts are all it keeps (the words themselves would hold
    // ~250 MB more on STARD's 58,530 articles). Fitting reuses the words across its six models.
    if (!w) byId.set(id, (w = model.articleWords(this.translation?.folds.length ? this.articleWords(id) : modelWords(this.articleText?.(id) ?? ''))));
    return w;
  }

  private labelledWords(item: RememberedQuestion<Id>): Set<string> {
    let w = this.questionWordSets.get(item.key);
    if (!w) this.questionWordSets.set(item.key, (w = new Set(modelWords(item.question))));
    return w;
  }

  private lawsOf(ids: readonly Id[]): Set<string> {
    return new Set(ids.map((id) => this.memory.lawOfId(id)).filter((l): l is string => l !== undefined));
  }

  /**
   * The candidates of a question with their signals. `ranked` is the retriever's (id, score) list,
   * best first; `exclude` is the key of a labelled question to leave out (leave-one-out).
   */
  candidates(question: string, ranked: readonly { id: Id; score: number }[], exclude?: number): Candidate<Id>[] {
    return this.signals(question, ranked, exclude).candidates;
  }

  private signals(question: string, ranked: readonly { id: Id; score: number }[], exclude?: number): { candidates: Candidate<Id>[]; confidence: number } {
    const near = this.memory.neighbours(question, Math.max(...ARTICLE_NEIGHBOURS, LAW_NEIGHBOURS), exclude);
    const words = new Set(modelWords(question));
    // How close the closest labelled question really is (the neighbours' similarities are relative).
    const confidence = Math.max(0, ...near.map(({ item }) => overlap(words, this.labelledWords(item))));
    const articleVotes = ARTICLE_NEIGHBOURS.map((n) => {
      const m = new Map<Id, number>();
      for (const { item, similarity } of near.slice(0, n)) for (const id of new Set(item.answers)) m.set(id, (m.get(id) ?? 0) + similarity);
      return scaled(m);
    });
    const lawVotes = new Map<string, number>();
    for (const { item, similarity } of near.slice(0, LAW_NEIGHBOURS)) for (const law of this.lawsOf(item.answers)) lawVotes.set(law, (lawVotes.get(law) ?? 0) + similarity);
    scaled(lawVotes);

    const own = exclude === undefined ? undefined : this.byKey.get(exclude);
    const ownArticles = new Set(own?.answers ?? []);
    const ownLaws = own ? this.lawsOf(own.answers) : new Set<string>();
    const best = ranked[0]?.score || 1;
    const fromRetriever = new Map<Id, { score: number; rank: number }>();
    ranked.forEach((r, rank) => {
      if (!fromRetriever.has(r.id)) fromRetriever.set(r.id, { score: r.score / best, rank });
    });
    const ids = new Set<Id>([...fromRetriever.keys(), ...articleVotes[articleVotes.length - 1].keys()]);
    const fold = exclude === undefined ? undefined : this.foldOf.get(exclude);
    const model = this.translation && (fold === undefined || this.translation.folds.length === 0 ? this.translation.all : this.translation.folds[fold]);
    const translation = new Map<Id, number>();
    if (model) {
      const score = model.scorer([...words]);
      for (const id of ids) translation.set(id, score(this.countedWords(model, id)));
    }
    // Per question word, not scaled to the best candidate: a model learned from a few pairs must not
    // turn its noise into a full-size signal.
    const perWord = Math.max(1, words.size);
    const candidates = [...ids].map((id) => {
      const r = fromRetriever.get(id);
      const law = this.memory.lawOfId(id);
      const articleCount = (this.articleCount.get(id) ?? 0) - (ownArticles.has(id) ? 1 : 0);
      const lawCount = law === undefined ? 0 : (this.lawCount.get(law) ?? 0) - (ownLaws.has(law) ? 1 : 0);
      return {
        id,
        features: [
          r?.score ?? 0,
          r ? 1 / (r.rank + RANK_OFFSET) : 0,
          confidence * (articleVotes[0].get(id) ?? 0),
          confidence * (articleVotes[1].get(id) ?? 0),
          confidence * (law === undefined ? 0 : (lawVotes.get(law) ?? 0)),
          confidence * (Math.log1p(articleCount) / Math.log1p(ARTICLE_PRIOR_CAP)),
          confidence * (Math.log1p(lawCount) / Math.log1p(LAW_PRIOR_CAP)),
          (translation.get(id) ?? 0) / perWord,
        ],
      };
    });
    return { candidates, confidence };
  }

  /**
   * The retriever's ranking reordered by the learned weights, cut at `depth` — or left as it is
   * when no labelled question is at least `minConfidence` close (word overlap, 0–1).
   */
  rank(question: string, ranked: readonly { id: Id; score: number }[], depth: number, exclude?: number): Id[] {
    const { candidates, confidence } = this.signals(question, ranked, exclude);
    if (confidence < this.minConfidence) return ranked.slice(0, depth).map((r) => r.id);
    return orderCandidates(candidates, this.weights, depth);
  }
}

export function orderCandidates<Id>(candidates: readonly Candidate<Id>[], weights: Weights, depth: number): Id[] {
  const w = FEATURES.map((f) => weights[f]);
  return candidates
    .map((c, i) => ({ id: c.id, i, s: c.features.reduce((a, v, j) => a + v * w[j], 0) }))
    .sort((a, b) => b.s - a.s || a.i - b.i)
    .slice(0, depth)
    .map((c) => c.id);
}

export interface LabelledCandidates<Id> {
  candidates: Candidate<Id>[];
  gold: readonly Id[];
}

/** What the fit maximises: R@10 + ½ R@1 + ½ MRR@100, averaged over questions. */
export function objective<Id>(examples: readonly LabelledCandidates<Id>[], weights: Weights): number {
  let total = 0;
  for (const ex of examples) {
    const ranked = orderCandidates(ex.candidates, weights, 100);
    const gold = new Set(ex.gold);
    if (gold.size === 0) continue;
    const top10 = ranked.slice(0, 10).filter((id) => gold.has(id)).length;
    const first = ranked.findIndex((id) => gold.has(id));
    total += top10 / gold.size + (0.5 * (gold.has(ranked[0]) ? 1 : 0)) / gold.size + (first < 0 ? 0 : 0.5 / (first + 1));
  }
  return total / (examples.length || 1);
}

/**
 * Coordinate ascent from the retriever alone (retrieverScore 1, the rest 0): each weight in turn
 * is moved up or down by a step while that raises the objective, with steps 0.5 down to 0.02.
 * Weights stay ≥ 0; `only` limits which features may move (the others stay 0).
 */
export function fitWeights<Id>(examples: readonly LabelledCandidates<Id>[], only: readonly Feature[] = FEATURES): Weights {
  const w = Object.fromEntries(FEATURES.map((f) => [f, f === 'retrieverScore' ? 1 : 0])) as Weights;
  let best = objective(examples, w);
  for (const step of [0.5, 0.2, 0.1, 0.05, 0.02]) {
    for (let pass = 0; pass < 4; pass++) {
      let moved = false;
      for (const f of only) {
        if (f === 'retrieverScore') continue;
        for (const delta of [step, -step]) {
          const next = { ...w, [f]: Math.max(0, Math.round((w[f] + delta) * 100) / 100) };
          if (next[f] === w[f]) continue;
          const o = objective(examples, next);
          if (o > best + 1e-9) {
            best = o;
            Object.assign(w, next);
            moved = true;
          }
        }
      }
      if (!moved) break;
    }
  }
  return w;
}
