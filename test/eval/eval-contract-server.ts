/**
 * An HTTP server that speaks the documented API (POST /api/search, POST /api/answer,
 * GET /api/sources/:chunkId, GET /api/health) over the fake evaluation parts, for testing
 * `npm run eval -- --url` without the full index. Shapes follow ARCHITECTURE.md.
 */
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { createFakeAnswerer, createFakeParts } from './eval-fakes.js';

export interface ContractServer {
  url: string;
  close(): Promise<void>;
}

export async function startContractServer(opts: { minScore?: number } = {}): Promise<ContractServer> {
  const parts = createFakeParts();
  const answerer = createFakeAnswerer(parts.retrievers.hybrid, opts.minScore ?? 0.2);
  const summary = (docId: string) => {
    const d = parts.docs.find((x) => x.id === docId)!;
    return { id: d.id, title: d.title, docNo: d.docNo, issuer: d.issuer, date: d.date, file: 'fixture.txt' };
  };
  const app = new Hono()
    .get('/api/health', (c) =>
      c.json({ status: 'ok', index: { documents: parts.docs.length, chunks: parts.chunks.length, embedder: 'fake', builtAt: '2024-01-01T00:00:00Z' }, model: answerer.model }),
    )
    .post('/api/search', async (c) => {
      const { query, k } = await c.req.json<{ query: string; k?: number }>();
      if (typeof query !== 'string' || !query.trim()) return c.json({ error: { code: 'bad_request', message: 'query is required' } }, 400);
      const hits = (await parts.retrievers.hybrid.search(query, k ?? 10)).hits;
      return c.json({
        results: hits.map((h) => ({ id: h.chunk.id, score: h.score, text: h.chunk.text, article: h.chunk.label, heading: '', doc: summary(h.doc.id) })),
        tookMs: 0,
      });
    })
    .post('/api/answer', async (c) => {
      const { question } = await c.req.json<{ question: string }>();
      const res = await answerer.answer({ question });
      return c.json({ answer: res.answer, citations: res.citations, refused: res.refused, model: res.model, tookMs: 0 });
    })
    .get('/api/sources/:chunkId', (c) => {
      const chunk = parts.store.getChunk(c.req.param('chunkId'));
      if (!chunk) return c.json({ error: { code: 'not_found', message: 'no such chunk' } }, 404);
      return c.json({ chunk, document: summary(chunk.docId), highlight: { start: chunk.start, end: chunk.end } });
    });
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
