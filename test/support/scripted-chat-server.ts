/**
 * A scripted stand-in for the answer side, for UI tests of states the real pipeline cannot be made
 * to show on demand (a fallback notice, a stalled answer, an error response, a very long answer).
 * It speaks the same HTTP contract as the real server (/api/chat as an AI SDK UI message stream,
 * /api/sources, /api/documents, /api/health) and serves the real web/dist through staticWebRoutes.
 * The end-to-end test (test/e2e-chat.test.ts) uses the real server instead.
 *
 * Scripts, chosen from the last question: 口语 → the searched query in policy words; 火星 → refusal; 模型故障 → answer with a fallback notice;
 * 慢 → slow answer (to stop it); 报错 → HTTP 502; 详细 → very long answer; a question with markup →
 * the markup echoed back inside the answer; anything else → a cited answer about 企业名称.
 */
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve, type ServerType } from '@hono/node-server';
import { createUIMessageStream, createUIMessageStreamResponse, type UIMessage } from 'ai';
import { Hono } from 'hono';
import { staticWebRoutes } from '../../server/routes/static-web.js';
import type { Citation, DocSummary } from '../../server/wire.js';

interface FixtureDoc extends DocSummary {
  articles: [string, string[], string][];
}

interface Article {
  chunkId: string;
  label: string;
  headingPath: string[];
  text: string;
  start: number;
  end: number;
}

const here = path.dirname(fileURLToPath(import.meta.url));

function loadFixture() {
  const raw = JSON.parse(readFileSync(path.join(here, '../fixtures/web/documents.json'), 'utf8')) as { documents: Omit<FixtureDoc, 'file'>[] };
  return raw.documents.map((d) => {
    const doc: FixtureDoc = { ...d, file: 'fixture.txt' };
    let text = '';
    const articles: Article[] = doc.articles.map(([label, headingPath, body], i) => {
      if (text) text += '\n';
      const start = text.length;
      text += body;
      return { chunkId: `${doc.id}:${i}:0`, label, headingPath, text: body, start, end: text.length };
    });
    return { doc, text, articles };
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface ScriptedServer {
  url: string;
  /** Questions received by /api/chat, in order. */
  questions: string[];
  close(): Promise<void>;
}

export async function startScriptedServer(opts: { distDir?: string; deltaMs?: number } = {}): Promise<ScriptedServer> {
  const corpus = loadFixture();
  const deltaMs = opts.deltaMs ?? 25;
  const questions: string[] = [];
  const summary = (d: FixtureDoc): DocSummary => {
    const { articles: _a, ...meta } = d;
    return meta;
  };
  const findArticle = (chunkId: string) => {
    for (const entry of corpus) {
      const article = entry.articles.find((a) => a.chunkId === chunkId);
      if (article) return { entry, article };
    }
    return undefined;
  };
  const cite = (n: number, chunkId: string, quote: string, validityNote?: string): Citation => {
    const found = findArticle(chunkId)!;
    return { n, chunkId, quote, article: found.article.label, doc: summary(found.entry.doc), validityNote };
  };
  const names = corpus[0];
  const art = (label: string) => names.articles.find((a) => a.label === label)!.chunkId;

  const app = new Hono();
  app.get('/api/health', (c) => c.json({ status: 'ok', index: { documents: corpus.length, chunks: 6, embedder: 'scripted', builtAt: '2024-01-01T00:00:00Z' }, model: 'scripted' }));
  app.get('/api/documents/:id', (c) => {
    const entry = corpus.find((e) => e.doc.id === c.req.param('id'));
    if (!entry) return c.json({ error: { code: 'not_found', message: 'No such document.' } }, 404);
    const { articles: _a, ...meta } = entry.doc;
    const articles = entry.articles.map((a, i) => ({ id: `${meta.id}:a${i}`, docId: meta.id, label: a.label, headingPath: a.headingPath, start: a.start, end: a.end }));
    return c.json({ document: { ...meta, sources: [], text: entry.text, articles } });
  });
  app.get('/api/sources/:chunkId', (c) => {
    const found = findArticle(c.req.param('chunkId'));
    if (!found) return c.json({ error: { code: 'not_found', message: 'No such chunk.' } }, 404);
    const { entry, article } = found;
    const quoteFor: Record<string, string> = {
      第五条: '企业名称应当使用规范汉字',
      第六条: '企业名称由行政区划名称、字号、行业或者经营特点、组织形式组成',
      第八条: '企业名称中的字号应当由两个以上汉字组成',
      第四条: '企业只能登记一个企业名称',
    };
    const asked = c.req.query('quote');
    const quote = asked && article.text.includes(asked) ? asked : (quoteFor[article.label] ?? article.text.slice(4));
    const at = Math.max(0, article.text.indexOf(quote));
    const { articles: _a, ...meta } = entry.doc;
    return c.json({
      chunk: { id: article.chunkId, docId: meta.id, label: article.label, text: article.text, start: article.start, end: article.end },
      article: { label: article.label, headingPath: article.headingPath, text: article.text, start: article.start, end: article.end },
      document: meta,
      highlight: { start: at, end: at + quote.length },
      documentHighlight: { start: article.start + at, end: article.start + at + quote.length },
    });
  });

  app.post('/api/chat', async (c) => {
    const body = (await c.req.json()) as { messages: UIMessage[] };
    const users = body.messages.filter((m) => m.role === 'user');
    const textOf = (m: UIMessage) => m.parts.map((p) => (p.type === 'text' ? p.text : '')).join('');
    const question = textOf(users[users.length - 1]);
    questions.push(question);
    if (question.includes('报错')) {
      return c.json({ error: { code: 'llm_unavailable', message: 'The language model did not answer (HTTP 500 from the endpoint).' } }, 502);
    }

    const citations: Citation[] = [
      cite(1, art('第五条'), '企业名称应当使用规范汉字'),
      cite(2, art('第六条'), '企业名称由行政区划名称、字号、行业或者经营特点、组织形式组成'),
      cite(3, art('第八条'), '企业名称中的字号应当由两个以上汉字组成'),
      cite(4, art('第四条'), '企业只能登记一个企业名称'),
    ];
    let text =
      '根据《企业名称登记管理规定》，企业名称主要有以下要求：\n\n' +
      '- **使用规范汉字**：企业名称应当使用规范汉字[1]。\n' +
      '- **名称的组成**：由行政区划名称、字号、行业或者经营特点、组织形式组成[2]。\n' +
      '- **字号**：应当由两个以上汉字组成[3]。\n\n' +
      '此外，企业只能登记一个企业名称，企业名称受法律保护[4]。';
    let refused = false;
    let notice: string | undefined;
    let closest: DocSummary[] = [];
    let delay = deltaMs;
    if (question.includes('火星')) {
      refused = true;
      text = '资料库中未找到与“火星移民签证”相关的规定，无法据此回答。';
      closest = corpus.map((e) => summary(e.doc));
      citations.length = 0;
    } else if (question.includes('模型故障')) {
      notice = '语言模型暂时不可用，以下为直接摘录原文的回答。';
    } else if (question.includes('慢')) {
      delay = 400;
    } else if (question.includes('详细')) {
      const para = '企业名称由行政区划名称、字号、行业或者经营特点、组织形式组成[2]，字号应当由两个以上汉字组成[3]。';
      text = Array.from({ length: 40 }, (_, i) => `${i + 1}. **第${i + 1}点**：${para}`).join('\n');
    } else if (/[<>]/.test(question)) {
      text = `你的问题包含标记：${question}\n\n它们只会显示为文字[1]。<script>window.__xss = 3</script> <img src=x onerror="window.__xss = 4">`;
      citations.splice(1);
    } else if (question.includes('过期')) {
      citations.push(cite(5, `${corpus[1].doc.id}:0:0`, '本文件含有标记', '该文件有效期至2023年12月31日，已过期。'));
      text += '另有一份已过期的文件[5]。';
    }

    const followUp = users.length > 1 ? `${textOf(users[0])}（追问：${question}）` : undefined;
    // 口语 → the question in policy words, as a server with an LLM shows what it searched.
    const searched = question.includes('口语') ? '企业名称 字号 汉字' : undefined;
    const stream = createUIMessageStream({
      execute: async ({ writer }) => {
        if (followUp) writer.write({ type: 'data-question', data: { question: followUp } });
        if (searched) writer.write({ type: 'data-search', data: { query: searched } });
        for (const ci of citations) {
          writer.write({ type: 'source-document', sourceId: ci.chunkId, mediaType: 'text/plain', title: `《${ci.doc.title}》${ci.article}` });
        }
        if (citations.length) writer.write({ type: 'data-citations', data: citations });
        writer.write({ type: 'text-start', id: 't' });
        // About sixty deltas per answer, however long: long answers stream as fast as short ones.
        const step = delay >= 100 ? 2 : Math.max(6, Math.ceil(text.length / 60));
        for (let i = 0; i < text.length; i += step) {
          if (c.req.raw.signal.aborted) return;
          writer.write({ type: 'text-delta', id: 't', delta: text.slice(i, i + step) });
          await sleep(delay);
        }
        writer.write({ type: 'text-end', id: 't' });
        writer.write({ type: 'data-answer', data: { refused, closest, notice, model: 'scripted', question: followUp ?? question } });
      },
    });
    return createUIMessageStreamResponse({ stream });
  });
  app.route('/', staticWebRoutes(opts.distDir));

  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    questions,
    close: () =>
      new Promise<void>((resolve) => {
        // Streaming keeps connections open; end them so close() returns.
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  void startScriptedServer().then((s) => console.log(`scripted UI server on ${s.url}`));
}
