/**
 * Judged correctness: when an LLM is configured, the model grades each answer against the
 * reference answer from 0 to 1. Without one there is no judge and the figure is left out.
 */
import { readFile } from 'node:fs/promises';
import { generateText } from 'ai';
import { answerModelKind } from '../server/answer/answer-models.js';
import type { Config } from '../server/config.js';

export interface JudgeInput {
  question: string;
  reference: string;
  answer: string;
}

export type Judge = (input: JudgeInput) => Promise<number>;

export const JUDGE_PROMPT_FILE = new URL('../prompts/eval-judge.md', import.meta.url);

/** Fills {{question}}, {{reference}} and {{answer}} in one pass, so text inside them is never re-expanded. */
export function fillPrompt(template: string, input: JudgeInput): string {
  return template.replace(/\{\{(question|reference|answer)\}\}/g, (_, key: keyof JudgeInput) => input[key]);
}

/** The first number in the reply, which must lie in [0, 1]. */
export function parseScore(reply: string): number {
  const m = reply.match(/\d+(?:\.\d+)?/);
  const v = m ? Number(m[0]) : NaN;
  if (!(v >= 0 && v <= 1)) throw new Error(`judge replied ${JSON.stringify(reply.slice(0, 80))}, not a score between 0 and 1`);
  return v;
}

/** A judge for the configured LLM, or undefined when answers are extractive (no model to judge with). */
export async function createJudge(llm: Config['llm']): Promise<Judge | undefined> {
  const judging = answerModelKind(llm.kind).judge?.(llm);
  if (!judging) return undefined;
  const template = await readFile(JUDGE_PROMPT_FILE, 'utf8');
  const { model, timeoutMs } = judging;
  return async (input) => {
    const { text } = await generateText({
      model,
      prompt: fillPrompt(template, input),
      temperature: 0,
      maxRetries: 1,
      abortSignal: AbortSignal.timeout(timeoutMs),
    });
    return parseScore(text);
  };
}
