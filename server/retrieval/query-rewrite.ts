/**
 * Everyday words → policy words by an LLM: the question (after the follow-up rewrite) becomes the
 * query a policy text would match (社保断缴 → 社会保险 中断缴费), and the rewrite is searched together with
 * the question's own words (searchText): on the development sets that beat the rewrite alone, which
 * loses the exact wording formal questions share with the texts (docs/design.md).
 *
 * The model answers in plain text, one query per line (small local models fail at JSON), parsed
 * tolerantly. A short deadline (LLM_REWRITE_TIMEOUT_MS, 3 s by default) bounds the wait; on a timeout,
 * an error or an absurd reply (no Chinese, ten times longer than the question, a refusal) the original
 * question is searched. Rewrites are cached per question.
 */
import { generateText, type LanguageModel } from 'ai';

export interface QueryRewrite {
  /** What to search: the rewrite, or the question itself when there is none. */
  query: string;
  /** True when `query` is the model's rewrite. */
  rewritten: boolean;
  /** Why the question itself is searched, when the model was asked and did not give a usable rewrite. */
  fallback?: 'timeout' | 'error' | 'empty' | 'absurd';
}

export interface QueryRewriter {
  rewrite(question: string, signal?: AbortSignal): Promise<QueryRewrite>;
}

/** At most this many lines of the reply are searched together. */
const MAX_LINES = 3;
/** A rewrite this many times longer than the question (and longer than LONG_FLOOR characters) is not a rewrite. */
const MAX_GROWTH = 10;
const LONG_FLOOR = 60;
const CACHE_SIZE = 2000;

const CJK = /[\u3400-\u9fff]/;
const REFUSAL = /抱歉|对不起|无法(回答|提供|完成|改写)|不能(回答|提供)|作为(一个)?(AI|人工智能|语言模型)|我不(能|会)/i;
const BULLET = /^\s*(?:[-*•·>]+|\d+\s*[.、．)）:：]|[（(]\s*\d+\s*[)）]|[一二三四五六七八九十]+\s*[、.．])\s*/;
const LABEL = /^\s*(?:检索用语|检索词|检索式|关键词|改写(?:后)?(?:的问题)?|查询(?:语句)?|query|search)\s*[:：]\s*/i;
const QUOTES = /^[\s“”"'‘’「」『』`]+|[\s“”"'‘’「」『』`]+$/g;

/** The search text in a model's reply, or why there is none. Exported for its tests. */
export function parseRewrite(reply: string, question: string): { query: string } | { fallback: 'empty' | 'absurd' } {
  const text = reply.replace(/<think>[\s\S]*?<\/think>/gi, '').replace(/```[a-z]*\n?|```/gi, '\n');
  const lines: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw
      .replace(LABEL, '')
      .replace(BULLET, '')
      .replace(LABEL, '')
      .replace(QUOTES, '')
      .replace(/[。；;，,\s]+$/, '')
      .trim();
    if (!line) continue;
    if (REFUSAL.test(line)) return { fallback: 'absurd' };
    if (!CJK.test(line)) continue;
    if (!lines.includes(line)) lines.push(line);
    if (lines.length >= MAX_LINES) break;
  }
  if (lines.length === 0) return { fallback: text.trim() ? 'absurd' : 'empty' };
  const query = lines.join(' ');
  const limit = Math.max(LONG_FLOOR, MAX_GROWTH * [...question].length);
  if ([...query].length > limit) return { fallback: 'absurd' };
  return { query };
}

/** The rewriter over a chat model: `prompt` has `{{question}}`; `timeoutMs` bounds each call. */
export function createLlmQueryRewriter(model: LanguageModel, prompt: string, timeoutMs: number): QueryRewriter {
  const cache = new Map<string, QueryRewrite>();
  return {
    async rewrite(question, signal) {
      const q = question.trim();
      const cached = cache.get(q);
      if (cached) return cached;
      let out: QueryRewrite;
      try {
        const { text } = await generateText({
          model,
          prompt: prompt.replace('{{question}}', () => q),
          temperature: 0,
          maxRetries: 0,
          abortSignal: signal ? AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]) : AbortSignal.timeout(timeoutMs),
        });
        const parsed = parseRewrite(text, q);
        out = 'query' in parsed ? { query: parsed.query, rewritten: true } : { query: q, rewritten: false, fallback: parsed.fallback };
      } catch (e) {
        if (signal?.aborted) throw signal.reason ?? e;
        const timedOut = e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError' || /timeout|aborted/i.test(e.message));
        // Failures are not cached: the next asking of the question tries the model again.
        return { query: q, rewritten: false, fallback: timedOut ? 'timeout' : 'error' };
      }
      if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
      cache.set(q, out);
      return out;
    },
  };
}

/**
 * What is searched for a rewrite: the rewrite and the question in one query. With recorded rewrites,
 * hit@1 / hit@5: dev.jsonl 0.763 / 0.960 for the rewrite alone, 0.823 / 0.985 together (the question as
 * typed: 0.808 / 0.980); everyday-dev.jsonl 0.716 / 0.938 alone, 0.778 / 0.981 together.
 */
export function searchText(question: string, rewrite: QueryRewrite): string {
  return rewrite.rewritten ? `${rewrite.query} ${question.trim()}` : question.trim();
}
