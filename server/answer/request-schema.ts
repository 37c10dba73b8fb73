/**
 * What /api/answer and /api/chat accept, validated with the zod schemas of wire.ts, and how a useChat
 * request becomes an AnswerRequest (the last user message is the question, earlier text turns are the history).
 */
import type { z } from 'zod';
import { AppError } from '../errors.js';
import { answerRequestSchema, chatRequestSchema, questionSchema, type AnswerRequest, type ChatRequest, type ChatTurn } from '../wire.js';

/** Turns of history kept for follow-up rewriting; older ones do not change the topic. */
const MAX_HISTORY_TURNS = 10;
const MAX_TURN_CHARS = 4000;

function firstIssue(error: z.ZodError): string {
  const i = error.issues[0];
  const where = i.path.length ? `${i.path.join('.')}: ` : '';
  return `${where}${i.message}`;
}

export function parseAnswerBody(body: unknown): AnswerRequest {
  const r = answerRequestSchema.safeParse(body);
  if (!r.success) throw new AppError('bad_request', `Invalid request: ${firstIssue(r.error)} Send {"question": "…", "history"?: [{"role","content"}]}.`);
  return { question: r.data.question, history: r.data.history?.slice(-MAX_HISTORY_TURNS) };
}

function textOf(parts: ChatRequest['messages'][number]['parts']): string {
  return parts
    .filter((p) => p.type === 'text' && typeof p.text === 'string')
    .map((p) => p.text)
    .join('')
    .trim();
}

export function parseChatBody(body: unknown): AnswerRequest {
  const r = chatRequestSchema.safeParse(body);
  if (!r.success) throw new AppError('bad_request', `Invalid chat request: ${firstIssue(r.error)}`);
  const messages = r.data.messages;
  const last = messages[messages.length - 1];
  if (last.role !== 'user') throw new AppError('bad_request', "Invalid chat request: the last message must be the user's question.");
  const q = questionSchema.safeParse(textOf(last.parts));
  if (!q.success) throw new AppError('bad_request', `Invalid chat request: ${firstIssue(q.error)}`);
  const history: ChatTurn[] = [];
  for (const m of messages.slice(0, -1)) {
    if (m.role === 'system') continue;
    const content = textOf(m.parts).slice(0, MAX_TURN_CHARS);
    if (content) history.push({ role: m.role, content });
  }
  return { question: q.data, history: history.slice(-MAX_HISTORY_TURNS) };
}
