/**
 * A small OpenAI-compatible chat server on loopback for the LLM tests: POST /v1/chat/completions,
 * streaming (SSE chunks) or not, answering whatever the test's script says for each request —
 * a text, an HTTP error, a stall after the headers, or no response at all. POST /v1/embeddings
 * answers with `fakeEmbedding` of each input (for the embedder tests).
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type Reply =
  | { kind: 'text'; text: string /** characters per SSE chunk */; chunk?: number /** pause between chunks */; delayMs?: number }
  | { kind: 'status'; status: number; body?: string }
  /** 200 and SSE headers, then nothing, forever. */
  | { kind: 'stall' }
  /** Never answers, not even headers. */
  | { kind: 'hang' };

export interface ChatRequestBody {
  model: string;
  stream?: boolean;
  messages: { role: string; content: string | { type: string; text?: string }[] }[];
}

export interface RecordedRequest {
  body: ChatRequestBody;
  /** The client closed the connection before the reply was complete. */
  aborted: boolean;
  finished: boolean;
  closed: Promise<void>;
}

export interface PromptSource {
  n: number;
  title: string;
  label: string;
  text: string;
}

export function messageText(m: ChatRequestBody['messages'][number]): string {
  return typeof m.content === 'string' ? m.content : m.content.map((p) => p.text ?? '').join('');
}

/** The numbered sources the answer prompt gave the model, read back from the request. */
export function sourcesInPrompt(body: ChatRequestBody): PromptSource[] {
  const user = body.messages
    .filter((m) => m.role === 'user')
    .map(messageText)
    .join('\n');
  const out: PromptSource[] = [];
  const re = /<<<资料 (\d+)>>>\n\[\d+\] 《([^》]*)》([^\n]*)\n([\s\S]*?)\n<<<资料 \1 结束>>>/g;
  for (const m of user.matchAll(re)) {
    const label = /条款：(\S+)/.exec(m[3])?.[1] ?? '正文';
    out.push({ n: Number(m[1]), title: m[2], label, text: m[4] });
  }
  return out;
}

export function isAnswerRequest(body: ChatRequestBody): boolean {
  return body.messages.some((m) => m.role === 'system');
}

/** A request of the query rewrite (prompts/rewrite-query.md): the question into policy words. */
export function isQueryRewriteRequest(body: ChatRequestBody): boolean {
  return !isAnswerRequest(body) && body.messages.some((m) => messageText(m).includes('只输出检索用语'));
}

/** Dimensions of `fakeEmbedding`. */
export const FAKE_EMBEDDING_DIMS = 48;

/** A deterministic stand-in for a neural embedding: hashed character bigrams, so similar texts are close. */
export function fakeEmbedding(text: string): number[] {
  const v = new Array<number>(FAKE_EMBEDDING_DIMS).fill(0);
  const chars = [...text.replace(/\s+/g, '')];
  for (let i = 0; i + 1 < chars.length; i++) {
    let h = 2166136261;
    for (const ch of chars[i] + chars[i + 1]) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
    v[(h >>> 0) % FAKE_EMBEDDING_DIMS] += 1;
  }
  return v;
}

export interface EmbeddingsRequest {
  model: string;
  input: string[];
  authorization?: string;
}

export interface FakeOpenAI {
  baseURL: string;
  requests: RecordedRequest[];
  /** Requests to /embeddings, in order. */
  embeddingRequests: EmbeddingsRequest[];
  /** Replaces the script. */
  script(fn: (body: ChatRequestBody) => Reply): void;
  close(): Promise<void>;
}

export async function startFakeOpenAI(script: (body: ChatRequestBody) => Reply = () => ({ kind: 'text', text: '' })): Promise<FakeOpenAI> {
  let current = script;
  const requests: RecordedRequest[] = [];
  const embeddingRequests: EmbeddingsRequest[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const sleep = (ms: number): Promise<void> =>
    new Promise((r) => {
      const t = setTimeout(() => {
        timers.delete(t);
        r();
      }, ms);
      timers.add(t);
    });

  const server = http.createServer(async (req, res) => {
    let raw = '';
    for await (const c of req) raw += c;
    if (req.method === 'POST' && req.url?.endsWith('/embeddings')) {
      const { model, input } = JSON.parse(raw) as { model: string; input: string[] };
      embeddingRequests.push({ model, input, authorization: req.headers.authorization });
      const data = input.map((t, index) => ({ object: 'embedding', index, embedding: fakeEmbedding(t) }));
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ object: 'list', model, data }));
      return;
    }
    if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"message":"not found"}}');
      return;
    }
    const body = JSON.parse(raw) as ChatRequestBody;
    let resolveClosed!: () => void;
    const rec: RecordedRequest = { body, aborted: false, finished: false, closed: new Promise((r) => (resolveClosed = r)) };
    requests.push(rec);
    res.on('close', () => {
      if (!rec.finished) rec.aborted = true;
      resolveClosed();
    });
    const reply = current(body);
    const id = `chatcmpl-${requests.length}`;
    const created = Math.floor(Date.now() / 1000);
    if (reply.kind === 'status') {
      res.writeHead(reply.status, { 'content-type': 'application/json' });
      res.end(reply.body ?? JSON.stringify({ error: { message: `scripted ${reply.status}`, type: 'server_error' } }));
      rec.finished = true;
      return;
    }
    if (reply.kind === 'hang') return;
    if (!body.stream) {
      const text = reply.kind === 'text' ? reply.text : '';
      if (reply.kind === 'stall') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.flushHeaders();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          id,
          object: 'chat.completion',
          created,
          model: body.model,
          choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }],
          usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
        }),
      );
      rec.finished = true;
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    res.flushHeaders();
    if (reply.kind === 'stall') return;
    const send = (obj: unknown): boolean => res.write(`data: ${JSON.stringify(obj)}\n\n`);
    const chunk = (delta: Record<string, unknown>, finish: string | null = null): unknown => ({
      id,
      object: 'chat.completion.chunk',
      created,
      model: body.model,
      choices: [{ index: 0, delta, finish_reason: finish }],
    });
    send(chunk({ role: 'assistant', content: '' }));
    const size = reply.chunk ?? 4;
    const chars = [...reply.text];
    for (let i = 0; i < chars.length; i += size) {
      if (res.destroyed) return;
      send(chunk({ content: chars.slice(i, i + size).join('') }));
      if (reply.delayMs) await sleep(reply.delayMs);
    }
    if (res.destroyed) return;
    send({ ...(chunk({}, 'stop') as object), usage: { prompt_tokens: 10, completion_tokens: chars.length, total_tokens: 10 + chars.length } });
    res.write('data: [DONE]\n\n');
    rec.finished = true;
    res.end();
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    embeddingRequests,
    script(fn) {
      current = fn;
    },
    async close() {
      for (const t of timers) clearTimeout(t);
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
