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
import { citedTitleKey } from '../../embeddings/text/titles.js';
import { QuestionMemory } from './learned/question-memory.js';
import { type CandidateSource, lexicalTopShare, questionShare, type RankState } from './rank-state.js';
import type { RetrievalContext, Scored } from './retrieval-context.js';

/**
 * One line of the file: an article and questions it answers. The article is its id in the index
 * (data/synthetic-questions.jsonl, written for the bundled corpus) or its name, title + label
 * (中华人民共和国民法典第五十四条, data/law-questions.jsonl), which finds the article in any index that holds
 * the law: a user's own upload of it, or the STARD corpus.
 */
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

/** What question files give an index: the memory of the articles it has, and the laws it lacks. */
export interface QuestionFiles {
  bank?: QuestionBank;
  /** The titles (citedTitleKey) of the laws whose articles lines name but the index lacks: adding one makes the files worth reading again. */
  pendingTitles: ReadonlySet<string>;
}

/** 中华人民共和国民法典第五十四条 → 中华人民共和国民法典: the title of an article named by title and number. */
const NAMED_ARTICLE = /^(.+?)第[一二三四五六七八九十百千零〇]+条(之[一二三四五六七八九十]+)?$/;

/**
 * The lines of a question file (data/synthetic-questions.jsonl); undefined when the file is absent. A
 * malformed line is an error naming `file:line`.
 */
export function readSyntheticQuestions(file: string): SyntheticLine[] | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const lines: SyntheticLine[] = [];
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
    lines.push({ article: parsed.article, questions: parsed.questions });
  });
  return lines;
}

/**
 * The remembered questions of the articles this index has, from one or more question files; no bank when
 * no file exists or none of their articles is in the index. A malformed line is an error naming `file:line`.
 */
export function readQuestionFiles(files: string | readonly string[], ctx: RetrievalContext): QuestionFiles {
  const lines = (typeof files === 'string' ? [files] : files).flatMap((f) => readSyntheticQuestions(f) ?? []);
  const pendingTitles = new Set<string>();
  if (lines.length === 0) return { pendingTitles };
  const articles = ctx.articles;
  const items: { key: number; question: string; answers: string[] }[] = [];
  const used = new Map<string, number[]>();
  let unresolved = 0;
  for (const { article, questions } of lines) {
    const found = articles.resolve(article);
    if (found.length === 0) {
      unresolved++;
      const title = NAMED_ARTICLE.exec(article)?.[1];
      if (title) pendingTitles.add(citedTitleKey(title));
      continue;
    }
    for (const a of found) used.set(a.id, a.chunks);
    const answers = found.map((a) => a.id);
    for (const q of questions) if (q.trim()) items.push({ key: items.length + 1, question: q.trim(), answers });
  }
  if (items.length === 0) return { pendingTitles };
  return { bank: { memory: QuestionMemory.build(items, () => undefined), articleChunks: used, unresolved }, pendingTitles };
}

/** The bank alone (readQuestionFiles). */
export function loadQuestionBank(files: string | readonly string[], ctx: RetrievalContext): QuestionBank | undefined {
  return readQuestionFiles(files, ctx).bank;
}

export interface QuestionSourceOptions {
  /** Remembered questions that vote. */
  neighbours: number;
  /** Share of the question's words the closest remembered question must hold for its votes to count in full. */
  fullOverlap: number;
  /** Share of the question's words in the lexical list's best chunk from which the question is taken as worded like the texts… */
  inTextsWords: number;
  /** …and the votes' strength is multiplied by this. */
  inTextsStrength: number;
}

/**
 * 20 voters. With the first 6,282 questions 10 did better (dev.jsonl hit@1 0.808 against 0.798 at weight 0.2);
 * with 14,765, at weight 0.4, 20 gave dev.jsonl 0.848 / 0.975 and everyday-dev.jsonl 0.549 / 0.846 (hit@1 /
 * hit@5), 10 gave 0.833 / 0.975 and 0.568 / 0.846; with 25,414, 30 gave no more than 20.
 */
/**
 * Full votes from an overlap of 0.3. Without the scaling, uploaded documents lost first place to bundled
 * articles for questions about their own content (test/routes/library-routes.test.ts: overlaps 0.17 and
 * 0.24); 0.2 / 0.3 / 0.5 give everyday-dev.jsonl hit@1 / hit@5 0.636 / 0.889, 0.630 / 0.877, 0.599 / 0.864
 * against 0.636 / 0.895 unscaled, dev.jsonl 0.823 / 0.965 at 0.2 and 0.3, 0.828 / 0.970 at 0.5.
 * Votes at 0.3 for a question whose words are 0.4 or more in the lexical best chunk: dev.jsonl 0.823 / 0.965 →
 * 0.859 / 0.975, holdout.jsonl hit@1 0.779 → 0.814 (hit@5 0.953 → 0.942), dev-paraphrase.jsonl 0.588 / 0.825 →
 * 0.600 / 0.838, everyday-dev.jsonl unchanged (0.630 / 0.877); at 0.1 holdout.jsonl fell to 0.791 / 0.930, and
 * from 0.3 of the words everyday-dev hit@5 fell to 0.864.
 */
export const DEFAULT_QUESTION_SOURCE: QuestionSourceOptions = { neighbours: 20, fullOverlap: 0.3, inTextsWords: 0.4, inTextsStrength: 0.3 };

/**
 * The law questions' memory (data/law-questions.jsonl), a source of its own so that it can be tuned apart from
 * the everyday memory; for now with the same settings. On STARD's train split 60 voting at weight 1.5 did
 * better than 20 at 0.9 (R@10 / Hit@10 .534 / .655 against .519 / .636; 40 and 80 voting: .532, .536), but on
 * the test split it was level at 10 (.550 / .686 against .553 / .683) and lower at rank 1 (MRR@100 .482
 * against .495), and it pulled a question in the very words of 个体工商户条例第二条 to 民法典
 * (test/e2e/ingest-own-corpus.test.ts).
 */
export const LAW_QUESTION_SOURCE: QuestionSourceOptions = DEFAULT_QUESTION_SOURCE;

/** Both memories: everyday questions for the bundled corpus's articles, and questions for the laws'. */
export interface QuestionBanks {
  everyday: QuestionFiles;
  laws: QuestionFiles;
}

export class QuestionSource implements CandidateSource {
  constructor(
    private readonly bank: QuestionBank,
    readonly weight: number,
    private readonly opts: QuestionSourceOptions = DEFAULT_QUESTION_SOURCE,
    readonly name = 'questions',
  ) {}

  /** Chunks of the articles the closest remembered questions were written for, by the sum of their similarities. */
  async candidates(s: Pick<RankState, 'q'> & Partial<Pick<RankState, 'strength' | 'lists' | 'ctx'>>, n: number, filter?: ChunkFilter): Promise<Scored[]> {
    if (filter?.empty) return [];
    // A question that names its article (第十条) or its 文号 has said where the answer is; votes of
    // everyday questions only pull it elsewhere.
    if (s.q.articles.length > 0 || s.q.docNumbers.length > 0) return [];
    const votes = new Map<string, number>();
    const found = this.bank.memory.neighbours(s.q.text, this.opts.neighbours);
    for (const { item, similarity } of found) {
      for (const a of item.answers) votes.set(a, (votes.get(a) ?? 0) + similarity);
    }
    // The votes count in full only when the closest remembered question shares enough of the question's
    // words: a question about an uploaded document, which has no remembered questions, is otherwise
    // pulled to a bundled article by questions that merely share its commonest words.
    if (found[0]) {
      let strength = Math.min(1, questionShare(s.q, found[0].item.question) / this.opts.fullOverlap);
      // A question in the texts' own words (the lexical list's best chunk holds much of it) needs no
      // everyday questions to find its article, and their votes only pull it elsewhere.
      if (lexicalTopShare(s) >= this.opts.inTextsWords) strength *= this.opts.inTextsStrength;
      s.strength?.set(this.name, strength);
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
