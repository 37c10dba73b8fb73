/**
 * What /api/answer and /api/chat accept, validated with zod, and how a useChat request becomes an
 * AnswerRequest (the last user message is the question, earlier text turns are the history).
 */
import { z } from 'zod';
import { AppError } from '../errors.js';
import type { AnswerRequest, ChatTurn } from '../types.js';

export const MAX_QUESTION_CHARS = 2000;
/** Turns of history kept for follow-up rewriting; older ones do not change the topic. */
const MAX_HISTORY_TURNS = 10;
const MAX_TURN_CHARS = 4000;

const question = z
  .string({ error: 'question must be a string' })
  .trim()
  .min(1, { error: 'The question is empty.' })
  .max(MAX_QUESTION_CHARS, { error: `The question is longer than ${MAX_QUESTION_CHARS} characters.` });

const turn = z.object({
  role: z.enum(['user', 'assistant']),
  content: z.string().max(20_000),
});

export const answerBodySchema = z.object({
  question,
  history: z.array(turn).max(100).optional(),
});

const uiPart = z.looseObject({ type: z.string(), text: z.string().optional() });

const uiMessage = z.looseObject({
  id: z.string().optional(),
  role: z.enum(['system', 'user', 'assistant']),
  parts: z.array(uiPart).max(500),
});

export const chatBodySchema = z.looseObject({
  id: z.string().optional(),
  messages: z.array(uiMessage).min(1, { error: 'messages is empty.' }).max(500),
  trigger: z.string().optional(),
});

export type ChatBody = z.infer<typeof chatBodySchema>;

function firstIssue(error: z.ZodError): string {
  const i = error.issues[0];
  const where = i.path.length ? `${i.path.join('.')}: ` : '';
  return `${where}${i.message}`;
}

export function parseAnswerBody(body: unknown): AnswerRequest {
  const r = answerBodySchema.safeParse(body);
  if (!r.success) throw new AppError('bad_request', `Invalid request: ${firstIssue(r.error)} Send {"question": "…", "history"?: [{"role","content"}]}.`);
  return { question: r.data.question, history: r.data.history?.slice(-MAX_HISTORY_TURNS) };
}

function textOf(parts: z.infer<typeof uiPart>[]): string {
  return parts
    .filter((p) => p.type === 'text' && typeof p.text === 'string')
    .map((p) => p.text)
    .join('')
    .trim();
}

export function parseChatBody(body: unknown): AnswerRequest {
  const r = chatBodySchema.safeParse(body);
  if (!r.success) throw new AppError('bad_request', `Invalid chat request: ${firstIssue(r.error)}`);
  const messages = r.data.messages;
  const last = messages[messages.length - 1];
  if (last.role !== 'user') throw new AppError('bad_request', 'Invalid chat request: the last message must be the user\'s question.');
  const q = question.safeParse(textOf(last.parts));
  if (!q.success) throw new AppError('bad_request', `Invalid chat request: ${firstIssue(q.error)}`);
  const history: ChatTurn[] = [];
  for (const m of messages.slice(0, -1)) {
    if (m.role === 'system') continue;
    const content = textOf(m.parts).slice(0, MAX_TURN_CHARS);
    if (content) history.push({ role: m.role, content });
  }
  return { question: q.data, history: history.slice(-MAX_HISTORY_TURNS) };
}
