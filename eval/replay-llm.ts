/**
 * An OpenAI-compatible chat server on loopback that replays recorded model replies, so the LLM path
 * (the query rewrite) is measured without a model: the replies were written once under the fixed prompt
 * (prompts/rewrite-query.md), seeing only the questions, and are kept as fixtures
 * (eval/fixtures/rewrites/*.jsonl: {"question", "reply"} per line). The rewriter talks to this server
 * exactly as it talks to a real endpoint. A question with no recorded reply gets HTTP 404, which the
 * rewriter treats as a failed call: the question is searched as typed, as it would be in production.
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

/** The question a rewrite prompt was filled with: the text after its last 用户问题：. */
export function questionOfPrompt(prompt: string): string | undefined {
  const at = prompt.lastIndexOf('用户问题：');
  return at < 0 ? undefined : prompt.slice(at + '用户问题：'.length).trim();
}

export async function startReplayServer(replies: Map<string, string>): Promise<ReplayServer> {
  let misses = 0;
  const server = http.createServer(async (req, res) => {
    let raw = '';
    for await (const c of req) raw += c;
    if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"message":"not found"}}');
      return;
    }
    const body = JSON.parse(raw) as { model: string; messages: { role: string; content: string | { text?: string }[] }[] };
    const prompt = body.messages.map((m) => (typeof m.content === 'string' ? m.content : m.content.map((p) => p.text ?? '').join(''))).join('\n');
    const question = questionOfPrompt(prompt);
    const reply = question === undefined ? undefined : replies.get(question);
    if (reply === undefined) {
      misses++;
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'no recorded reply for this question' } }));
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
