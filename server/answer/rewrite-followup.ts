/**
 * Follow-up questions ("那外资企业呢？") rewritten into standalone ones, so that retrieval sees the topic.
 * By rule without an LLM; by the LLM when one is configured, with the rule as its fallback. Only a
 * question that looks like a follow-up is rewritten: a full question in a conversation stands alone.
 */
import { generateText, type LanguageModel } from 'ai';
import { cut } from '../../embeddings/text/segmenter.js';
import type { ChatTurn } from '../wire.js';
import type { FollowUpRewriter } from './types.js';

const LEAD = /^(那么|那|还有|另外|此外|如果是|如果|假如是|假如|要是|换成|对于|至于)\s*/;
const TAIL = /(呢|吗|怎么样|怎样|又如何|如何)?\s*[？?。！!]*\s*$/;
const PRONOUN = /(这个|那个|这些|那些|这种|那种|这类|它|它们|其|该|上述|前述|此项|这一|同样)/;
/** Short follow-ups are nearly always elliptical; a standalone policy question is longer than this. */
const SHORT = 10;

function lastUserIndex(history: ChatTurn[]): number {
  for (let i = history.length - 1; i >= 0; i--) if (history[i].role === 'user' && history[i].content.trim()) return i;
  return -1;
}

function lastUserQuestion(history: ChatTurn[]): string | undefined {
  const i = lastUserIndex(history);
  return i >= 0 ? history[i].content.trim() : undefined;
}

export function looksLikeFollowUp(question: string, history: ChatTurn[]): boolean {
  if (!lastUserQuestion(history)) return false;
  const q = question.trim();
  return [...q.replace(/[？?。！!\s]/g, '')].length <= SHORT || LEAD.test(q) || PRONOUN.test(q);
}

/**
 * The rule: strip the lead (那/那么/还有/如果) and tail (呢？) to get what changed; if the previous
 * question has a word the fragment refines (外资企业 refines 企业), substitute it; otherwise ask the
 * previous question about the fragment.
 */
export function ruleRewrite(question: string, history: ChatTurn[]): string {
  const prevRaw = lastUserQuestion(history);
  if (!prevRaw || !looksLikeFollowUp(question, history)) return question.trim();
  // The previous question may itself have been a follow-up: resolve it against what came before.
  const before = history.slice(0, lastUserIndex(history));
  const prev = ruleRewrite(prevRaw, before).replace(/[？?。！!\s]+$/, '');
  const fragment = question.trim().replace(LEAD, '').replace(TAIL, '').replace(/^是/, '').trim();
  if (!fragment) return `${prev}？`;
  // A fragment that is itself a question ("那需要什么材料？") keeps its own ask; add the topic.
  if (/(什么|哪些|多少|怎么|如何|是否|能否|可否|几|吗)/.test(fragment)) return `关于${prev}：${fragment}？`;
  const words = cut(prev, true).filter((w) => [...w].length >= 2);
  for (const w of words) {
    if (fragment !== w && fragment.endsWith(w)) return `${prev.replace(w, fragment)}？`;
  }
  return `${fragment}：${prev}？`;
}

export const ruleRewriter: FollowUpRewriter = {
  async rewrite(question, history) {
    return ruleRewrite(question, history);
  },
};

/**
 * The LLM rewriter: the prompt (prompts/rewrite-followup.md) gets the last turns and the question and
 * must answer with one line. Anything odd (error, timeout, empty, overlong) falls back to the rule.
 */
export function createLlmRewriter(model: LanguageModel, prompt: string, timeoutMs: number): FollowUpRewriter {
  return {
    async rewrite(question, history, signal) {
      if (!looksLikeFollowUp(question, history)) return question.trim();
      const turns = history
        .slice(-6)
        .map((t) => `${t.role === 'user' ? '用户' : '回答'}：${t.content.replace(/\s+/g, ' ').slice(0, 300)}`)
        .join('\n');
      const filled = prompt.replace('{{history}}', turns).replace('{{question}}', question.trim());
      try {
        const { text } = await generateText({
          model,
          prompt: filled,
          temperature: 0,
          maxRetries: 0,
          abortSignal: signal ? AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]) : AbortSignal.timeout(timeoutMs),
        });
        const line = text.trim().split('\n')[0]?.trim() ?? '';
        if (line && line.length <= 300) return line;
      } catch {
        if (signal?.aborted) throw signal.reason;
      }
      return ruleRewrite(question, history);
    },
  };
}
