/**
 * An OpenAI-compatible chat server on loopback that replays recorded model replies, so the LLM path is
 * measured without a model: the query rewrite (prompts/rewrite-query.md; eval/fixtures/rewrites/*.jsonl) and
 * the answer (prompts/answer-system.md + answer-user.md; eval/fixtures/answers/*.jsonl). The replies were
 * written once by a session that played the model and saw only the prompts; each file holds
 * {"question", "reply"} per line. The product talks to this server exactly as to a real endpoint, streaming
 * included (server-sent events when the request asks to stream). A question with no recorded reply gets HTTP
 * 404, which the product treats as a failed call: the question is searched as typed, or the extractive
 * answer is served with a notice — as it would be in production.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedReply {
  question: string;
  reply: string;
}

export interface ReplayServer {
  baseURL: string;
  /** Requests whose question had no recorded reply. */
  readonly misses: number;
  close(): Promise<void>;
}

/** The recorded replies of a fixture file; a bad line is an error naming `file:line`. */
export function readReplies(file: string): Map<string, string> {
  const out = new Map<string, string>();
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (!line.trim()) return;
      let r: Partial<RecordedReply>;
      try {
        r = JSON.parse(line) as Partial<RecordedReply>;
      } catch {
        throw new Error(`${file}:${i + 1}: not JSON`);
      }
      if (typeof r.question !== 'string' || typeof r.reply !== 'string') throw new Error(`${file}:${i + 1}: needs "question" and "reply" strings`);
      out.set(r.question.trim(), r.reply);
    });
  return out;
}

/** Which prompt a request carries, and the question it was filled with. */
export function questionOfPrompt(prompt: string): { kind: 'answer' | 'rewrite'; question: string } | undefined {
  // The answer prompt frames the question: <<<问题>>> … <<<问题结束>>>.
  const framed = /<<<问题>>>\n?([\s\S]*?)\n?<<<问题结束>>>/.exec(prompt);
  if (framed) return { kind: 'answer', question: framed[1].trim() };
  const at = prompt.lastIndexOf('用户问题：');
  return at < 0 ? undefined : { kind: 'rewrite', question: prompt.slice(at + '用户问题：'.length).trim() };
}

/** The reply as server-sent events, a few characters a chunk, as a streaming model sends it. */
function streamed(model: string, text: string): string {
  const chunk = (delta: Record<string, string>, finish: string | null) =>
    `data: ${JSON.stringify({ id: 'replay', object: 'chat.completion.chunk', created: Math.floor(Date.now() / 1000), model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
  const parts = [chunk({ role: 'assistant' }, null)];
  for (let i = 0; i < text.length; i += 8) parts.push(chunk({ content: text.slice(i, i + 8) }, null));
  parts.push(chunk({}, 'stop'), 'data: [DONE]\n\n');
  return parts.join('');
}

/**
 * Replays `replies` (rewrites) and `answers` (answer replies), each keyed by question. `emptyRewrites`: a
 * rewrite request with no recorded reply gets an empty reply (the rewriter then searches the question as
 * typed, without counting a failed call) instead of a 404 — for replaying answers that were recorded for the
 * sources found with the question as typed.
 */
export async function startReplayServer(replies: Map<string, string>, answers: Map<string, string> = new Map(), opts: { emptyRewrites?: boolean } = {}): Promise<ReplayServer> {
  let misses = 0;
  const server = http.createServer(async (req, res) => {
    let raw = '';
    for await (const c of req) raw += c;
    if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"message":"not found"}}');
      return;
    }
    const body = JSON.parse(raw) as { model: string; stream?: boolean; messages: { role: string; content: string | { text?: string }[] }[] };
    const prompt = body.messages.map((m) => (typeof m.content === 'string' ? m.content : m.content.map((p) => p.text ?? '').join(''))).join('\n');
    const asked = questionOfPrompt(prompt);
    const recorded = asked === undefined ? undefined : (asked.kind === 'answer' ? answers : replies).get(asked.question);
    const reply = recorded ?? (asked?.kind === 'rewrite' && opts.emptyRewrites ? '' : undefined);
    if (reply === undefined) {
      misses++;
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'no recorded reply for this question' } }));
      return;
    }
    if (body.stream) {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' }).end(streamed(body.model, reply));
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(
      JSON.stringify({
        id: 'replay',
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model: body.model,
        choices: [{ index: 0, message: { role: 'assistant', content: reply }, finish_reason: 'stop' }],
        usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 },
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    get misses() {
      return misses;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
