/**
 * The question-memory source: everyday questions written for the corpus's articles (doc2query,
 * data/synthetic-questions.jsonl — written offline for each article, never from an evaluation set) and
 * searched like a second index. A user's question finds the remembered questions closest to it (BM25
 * over the same tokens as the index, question-memory.ts), and each votes for the article it was written
 * for: the words people use reach the article written in official words. Fused with the lexical and
 * dense lists at its own weight (retrievers.ts).
 */
import { readFileSync } from 'node:fs';
import type { ChunkFilter } from './filters.js';
import { QuestionMemory } from './learned/question-memory.js';
import type { CandidateSource, RankState } from './rank-state.js';
import type { RetrievalContext, Scored } from './retrieval-context.js';

/** One line of the file: an article (its id in the index) and questions it answers. */
export interface SyntheticLine {
  article: string;
  questions: string[];
}

export interface QuestionBank {
  memory: QuestionMemory<string>;
  /** Chunk positions of each article that has questions. */
  articleChunks: Map<string, number[]>;
  /** Lines whose article is not in this index (another corpus, or a rebuilt one that numbers differently). */
  unresolved: number;
}

/**
 * The remembered questions of the articles this index has; undefined when the file is absent or none
 * of its articles is in the index. A malformed line is an error naming `file:line`.
 */
export function loadQuestionBank(file: string, ctx: RetrievalContext): QuestionBank | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const articleChunks = new Map<string, number[]>();
  ctx.index.chunks.forEach((c, i) => {
    const list = articleChunks.get(c.articleId);
    if (list) list.push(i);
    else articleChunks.set(c.articleId, [i]);
  });
  const items: { key: number; question: string; answers: string[] }[] = [];
  const used = new Map<string, number[]>();
  let unresolved = 0;
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    let parsed: Partial<SyntheticLine>;
    try {
      parsed = JSON.parse(line) as Partial<SyntheticLine>;
    } catch {
      throw new Error(`${file}:${i + 1}: not JSON`);
    }
    if (typeof parsed.article !== 'string' || !Array.isArray(parsed.questions) || !parsed.questions.every((q) => typeof q === 'string')) {
      throw new Error(`${file}:${i + 1}: needs "article" (an article id) and "questions" (strings)`);
    }
    const chunks = articleChunks.get(parsed.article);
    if (!chunks) {
      unresolved++;
      return;
    }
    used.set(parsed.article, chunks);
    for (const q of parsed.questions) if (q.trim()) items.push({ key: items.length + 1, question: q.trim(), answers: [parsed.article] });
  });
  if (items.length === 0) return undefined;
  return { memory: QuestionMemory.build(items, () => undefined), articleChunks: used, unresolved };
}

export interface QuestionSourceOptions {
  /** Remembered questions that vote. */
  neighbours: number;
}

/**
 * 20 voters. With the first 6,282 questions 10 did better (dev.jsonl hit@1 0.808 against 0.798 at weight 0.2);
 * with 14,765, at weight 0.4, 20 give dev.jsonl 0.848 / 0.975 and everyday-dev.jsonl 0.549 / 0.846 (hit@1 / hit@5),
 * 10 give 0.833 / 0.975 and 0.568 / 0.846.
 */
export const DEFAULT_QUESTION_SOURCE: QuestionSourceOptions = { neighbours: 20 };

export class QuestionSource implements CandidateSource {
  readonly name = 'questions';

  constructor(
    private readonly bank: QuestionBank,
    readonly weight: number,
    private readonly opts: QuestionSourceOptions = DEFAULT_QUESTION_SOURCE,
  ) {}

  /** Chunks of the articles the closest remembered questions were written for, by the sum of their similarities. */
  async candidates(s: Pick<RankState, 'q'>, n: number, filter?: ChunkFilter): Promise<Scored[]> {
    if (filter?.empty) return [];
    // A question that names its article (第十条) or its 文号 has said where the answer is; votes of
    // everyday questions only pull it elsewhere.
    if (s.q.articles.length > 0 || s.q.docNumbers.length > 0) return [];
    const votes = new Map<string, number>();
    for (const { item, similarity } of this.bank.memory.neighbours(s.q.text, this.opts.neighbours)) {
      for (const a of item.answers) votes.set(a, (votes.get(a) ?? 0) + similarity);
    }
    const out: Scored[] = [];
    for (const [article, score] of [...votes].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))) {
      for (const chunk of this.bank.articleChunks.get(article) ?? []) {
        if (filter && !filter.allows(chunk)) continue;
        out.push({ chunk, score });
        if (out.length >= n) return out;
      }
    }
    return out;
  }
}
