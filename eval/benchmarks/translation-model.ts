/**
 * A word-translation model learned from labelled (question, article) pairs, IBM Model 1 style:
 * t(q | a) is how likely a question uses word q when the answering article uses word a, estimated
 * by expectation-maximisation over the pairs. Lay questions and statutes use different words for
 * one thing (老公 / 配偶, 辞退 / 解除劳动合同, 赔多少 / 经济补偿); the labels say which go together,
 * and the model carries that to articles no labelled question cites, which votes cannot.
 *
 * An article's score for a question (Berger & Lafferty's translation language model, as a gain over
 * the background): Σ over distinct question words q of log(1 + λ·p(q | article) / ((1 − λ)·p(q))),
 * with p(q | article) = Σ_a t(q | a) · tf(a) / |article| and p(q) the word's share of all labelled
 * questions. 0 when no article word translates to a question word.
 */
import { tokenize } from '../../embeddings/tokenizer.js';

const CJK = /[\u3400-\u9fff]/;

/** jieba words (search mode) holding a Chinese character: what the model translates between. */
export function modelWords(text: string): string[] {
  return tokenize(text, { bigrams: false }).filter((w) => CJK.test(w));
}

export interface TranslationOptions {
  iterations: number;
  /** Weight of the translation model against the background in the score. */
  lambda: number;
}

export const DEFAULT_TRANSLATION: TranslationOptions = { iterations: 5, lambda: 0.3 };

export class TranslationModel {
  private constructor(
    /** t[a][q] = t(q | a). */
    private readonly t: Map<string, Map<string, number>>,
    private readonly background: Map<string, number>,
    private readonly backgroundTotal: number,
    readonly opts: TranslationOptions,
  ) {}

  /** `pairs`: the words of a question and of one article that answers it (a question with two articles gives two pairs). */
  static train(pairs: readonly { question: readonly string[]; article: readonly string[] }[], opts: TranslationOptions = DEFAULT_TRANSLATION): TranslationModel {
    let t = new Map<string, Map<string, number>>();
    for (const p of pairs) {
      for (const a of new Set(p.article)) {
        let row = t.get(a);
        if (!row) t.set(a, (row = new Map()));
        for (const q of p.question) row.set(q, 1);
      }
    }
    for (const row of t.values()) for (const q of row.keys()) row.set(q, 1 / row.size);
    for (let it = 0; it < opts.iterations; it++) {
      const counts = new Map<string, Map<string, number>>();
      for (const p of pairs) {
        const articleWords = [...new Set(p.article)];
        for (const q of p.question) {
          let total = 0;
          for (const a of articleWords) total += t.get(a)!.get(q) ?? 0;
          if (total === 0) continue;
          for (const a of articleWords) {
            const share = (t.get(a)!.get(q) ?? 0) / total;
            if (share === 0) continue;
            let row = counts.get(a);
            if (!row) counts.set(a, (row = new Map()));
            row.set(q, (row.get(q) ?? 0) + share);
          }
        }
      }
      for (const row of counts.values()) {
        let sum = 0;
        for (const v of row.values()) sum += v;
        for (const [q, v] of row) row.set(q, v / sum);
      }
      t = counts;
    }
    const background = new Map<string, number>();
    let total = 0;
    for (const p of pairs) {
      for (const q of p.question) background.set(q, (background.get(q) ?? 0) + 1);
      total += p.question.length;
    }
    return new TranslationModel(t, background, total, opts);
  }

  /** How much better the article's words predict the question's than the background does (≥ 0). */
  score(questionWords: readonly string[], articleWords: readonly string[]): number {
    if (articleWords.length === 0) return 0;
    const tf = new Map<string, number>();
    for (const a of articleWords) if (this.t.has(a)) tf.set(a, (tf.get(a) ?? 0) + 1);
    if (tf.size === 0) return 0;
    const { lambda } = this.opts;
    let s = 0;
    for (const q of new Set(questionWords)) {
      let p = 0;
      for (const [a, n] of tf) p += (this.t.get(a)!.get(q) ?? 0) * n;
      if (p === 0) continue;
      p /= articleWords.length;
      const bg = ((this.background.get(q) ?? 0) + 0.5) / (this.backgroundTotal + 1);
      s += Math.log1p((lambda * p) / ((1 - lambda) * bg));
    }
    return s;
  }
}
