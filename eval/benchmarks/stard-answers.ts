/**
 * Answers on STARD questions: each question through the product's answer pipeline (hybrid retrieval,
 * answer model, citation check), then the benchmark's simple citation check — does a citation name a
 * gold article (law + 第X条, e.g. 中华人民共和国民法典第五十四条)? The extractive model always runs;
 * with LLM=openai configured the LLM answers too, and the configured model judges each answer against
 * the lawyer-written reference (eval/judge.ts). Without an LLM the judged comparison is skipped.
 */
import { createAnswerer, createAnswererFromConfig } from '../../server/answer/create-answerer.js';
import type { Config } from '../../server/config.js';
import type { Answerer, CorpusStore, Retriever } from '../../server/types.js';
import type { AnswerResult } from '../../server/wire.js';
import { percentile } from '../bench-retrieval.js';
import { createJudge, type Judge } from '../judge.js';
import type { StardQuery } from './stard-data.js';

export interface AnswerItem {
  queryId: number;
  model: string;
  refused: boolean;
  /** `title + article` of each citation. */
  cited: string[];
  goldCited: boolean;
  /** Judged correctness against the reference answer (0–1), when judged. */
  judged?: number;
  ms: number;
}

export interface AnswerModelFigures {
  model: string;
  questions: number;
  answered: number;
  /** Share of all questions whose answer cites at least one gold article. */
  goldCitedShare: number;
  /** The same among answered (not refused) questions. */
  goldCitedShareAnswered: number;
  /** Share of all citations that name a gold article. */
  citationPrecision: number;
  judgedMean?: number;
  judged: number;
  latencyMs: { p50: number; p95: number };
}

export interface StardAnswerFigures {
  models: AnswerModelFigures[];
  items: AnswerItem[];
  judge: 'llm' | 'none';
  note?: string;
}

/** How the benchmark names an article: the law's title followed by the label. */
export function citedName(title: string, article: string): string {
  return `${title}${article}`.replace(/\s+/g, '');
}

export function citesGold(res: Pick<AnswerResult, 'citations'>, goldNames: readonly string[]): boolean {
  const gold = new Set(goldNames.map((n) => n.replace(/\s+/g, '')));
  return res.citations.some((c) => gold.has(citedName(c.doc.title, c.article)));
}

async function answerAll(answerer: Answerer, queries: readonly StardQuery[], judge: Judge | undefined, log: (line: string) => void): Promise<AnswerItem[]> {
  const items: AnswerItem[] = [];
  let judgeBroken = false;
  for (const q of queries) {
    const t0 = performance.now();
    const res = await answerer.answer({ question: q.question });
    const ms = performance.now() - t0;
    const item: AnswerItem = {
      queryId: q.queryId,
      model: res.model,
      refused: res.refused,
      cited: res.citations.map((c) => citedName(c.doc.title, c.article)),
      goldCited: citesGold(res, q.goldNames),
      ms,
    };
    if (judge && !judgeBroken && q.answer) {
      try {
        item.judged = await judge({ question: q.question, reference: q.answer, answer: res.answer });
      } catch (e) {
        judgeBroken = true;
        log(`Judge failed, correctness not graded for the remaining answers: ${(e as Error).message}`);
      }
    }
    items.push(item);
  }
  return items;
}

function summarise(model: string, items: AnswerItem[]): AnswerModelFigures {
  const n = items.length || 1;
  const answered = items.filter((i) => !i.refused);
  const judged = items.filter((i) => i.judged !== undefined);
  const times = items.map((i) => i.ms).sort((a, b) => a - b);
  return {
    model,
    questions: items.length,
    answered: answered.length,
    goldCitedShare: items.filter((i) => i.goldCited).length / n,
    goldCitedShareAnswered: answered.length ? answered.filter((i) => i.goldCited).length / answered.length : 0,
    citationPrecision: 0,
    judgedMean: judged.length ? judged.reduce((s, i) => s + i.judged!, 0) / judged.length : undefined,
    judged: judged.length,
    latencyMs: { p50: percentile(times, 50), p95: percentile(times, 95) },
  };
}

/** Citation precision needs the gold names, which the items do not carry; computed here. */
function withPrecision(f: AnswerModelFigures, items: AnswerItem[], queries: readonly StardQuery[]): AnswerModelFigures {
  const gold = new Map(queries.map((q) => [q.queryId, new Set(q.goldNames.map((n) => n.replace(/\s+/g, '')))]));
  let all = 0;
  let good = 0;
  for (const i of items) {
    for (const c of i.cited) {
      all++;
      if (gold.get(i.queryId)?.has(c)) good++;
    }
  }
  return { ...f, citationPrecision: all ? good / all : 0 };
}

export async function runStardAnswers(
  config: Config,
  parts: { store: CorpusStore; retriever: Retriever },
  queries: readonly StardQuery[],
  log: (line: string) => void,
): Promise<StardAnswerFigures> {
  const runs: { answerer: Answerer; judge?: Judge }[] = [{ answerer: createAnswerer({ store: parts.store, retriever: parts.retriever }) }];
  let note: string | undefined;
  // An LLM answer model brings a judge; the extractive one has nothing to compare with.
  const judge: Judge | undefined = await createJudge(config.llm);
  if (judge) {
    runs.push({ answerer: createAnswererFromConfig(config, parts), judge });
    // The extractive answers are judged too, so the two models are compared on the same scale.
    runs[0].judge = judge;
  } else {
    note = 'No LLM configured (LLM=openai with LLM_BASE_URL/LLM_MODEL): LLM answers and the judged comparison with the reference answers were skipped.';
  }
  const models: AnswerModelFigures[] = [];
  const items: AnswerItem[] = [];
  for (const run of runs) {
    log(`Answering ${queries.length} questions with ${run.answerer.model}…`);
    const got = await answerAll(run.answerer, queries, run.judge, log);
    models.push(withPrecision(summarise(run.answerer.model, got), got, queries));
    items.push(...got);
  }
  return { models, items, judge: judge ? 'llm' : 'none', note };
}

export function formatAnswerFigures(f: StardAnswerFigures): string {
  const lines = [`Answers (${f.models[0]?.questions ?? 0} questions): does a citation name a gold article (law + 第X条)?`];
  for (const m of f.models) {
    lines.push(
      `  ${m.model.padEnd(14)} answered ${m.answered}/${m.questions}   cites a gold article: ${(m.goldCitedShare * 100).toFixed(1)}% of questions, ` +
        `${(m.goldCitedShareAnswered * 100).toFixed(1)}% of answers   citations naming a gold article ${(m.citationPrecision * 100).toFixed(1)}%` +
        `${m.judgedMean !== undefined ? `   judged correct ${m.judgedMean.toFixed(3)} (${m.judged} judged)` : ''}` +
        `   answer p50 ${m.latencyMs.p50.toFixed(0)} ms, p95 ${m.latencyMs.p95.toFixed(0)} ms`,
    );
  }
  if (f.note) lines.push(`  ${f.note}`);
  return lines.join('\n');
}
