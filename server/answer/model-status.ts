/**
 * The status line an LLM answer starts with (prompts/answer-system.md, rule 0): 状态：已回答 / 最接近 /
 * 未找到. The model can only lower the server's decision — a model that says its sources do not
 * answer gets the closest provisions shown — never raise it: the server asks the model only when it is
 * confident already. A line that starts like a status but names none is read as no status at all
 * (the server's decision stands), and is not shown.
 */
import type { AnswerStatus } from './refusal.js';

const STATUS_PREFIX = /^\s*(?:\*\*)?\s*(?:状态|status)\s*(?:\*\*)?\s*[:：]\s*/i;
const NAMES: [RegExp, AnswerStatus][] = [
  [/^(?:\*\*)?\s*(?:已回答|已答复|answered)/i, 'answered'],
  [/^(?:\*\*)?\s*(?:最接近|closest)/i, 'closest'],
  [/^(?:\*\*)?\s*(?:未找到|not[_ ]found)/i, 'not_found'],
];

export interface ModelStatusLine {
  /** Undefined when the line names no status the server knows. */
  status?: AnswerStatus;
  /** What followed the status on the same line (a model that did not break the line). */
  rest: string;
}

/** The status at the start of the model's first sentence; undefined when it does not start with one. */
export function readModelStatus(text: string): ModelStatusLine | undefined {
  const prefix = STATUS_PREFIX.exec(text);
  if (!prefix) return undefined;
  const after = text.slice(prefix[0].length);
  for (const [re, status] of NAMES) {
    const m = re.exec(after);
    if (m) return { status, rest: after.slice(m[0].length).replace(/^\s*(?:\*\*)?[。.；;，,]?\s*/, '') };
  }
  // A status we cannot read: drop the rest of its line, keep what follows the line.
  const eol = after.indexOf('\n');
  return { rest: eol >= 0 ? after.slice(eol + 1) : '' };
}
