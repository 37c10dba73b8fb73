/**
 * POST /api/search {query, k?, filter?} → {results:[{id, score, text, article, heading, doc}], tookMs}.
 * The retriever is whichever the server was built with (hybrid in production).
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import type { AppDeps } from '../app-deps.js';
import { AppError } from '../errors.js';
import type { SearchHit } from '../types.js';
import { parseJsonBody, tooLarge } from './route-helpers.js';

export const MAX_QUERY_CHARS = 2000;
export const MAX_K = 50;
const MAX_BODY = 16 * 1024;

const filterSchema = z
  .strictObject({
    issuer: z.string({ error: 'filter.issuer must be a string' }).trim().min(1).max(100).optional(),
    year: z.number({ error: 'filter.year must be a number' }).int().min(1949).max(2100).optional(),
    docNo: z.string({ error: 'filter.docNo must be a string' }).trim().min(1).max(100).optional(),
    docId: z.string({ error: 'filter.docId must be a string' }).regex(/^[A-Za-z0-9_-]{1,64}$/, { error: 'filter.docId is not a document id' }).optional(),
  }, { error: 'filter must be an object with issuer, year, docNo or docId' });

const bodySchema = z.strictObject({
  query: z
    .string({ error: 'query must be a string' })
    .trim()
    .min(1, { error: 'The query is empty.' })
    .max(MAX_QUERY_CHARS, { error: `The query is longer than ${MAX_QUERY_CHARS} characters.` }),
  k: z.number({ error: 'k must be a number' }).int({ error: 'k must be an integer' }).min(1, { error: `k must be between 1 and ${MAX_K}` }).max(MAX_K, { error: `k must be between 1 and ${MAX_K}` }).optional(),
  filter: filterSchema.optional(),
}, { error: 'The body must be a JSON object {query, k?, filter?}.' });

export function searchRoutes(deps: AppDeps): Hono {
  return new Hono().post('/search', bodyLimit({ maxSize: MAX_BODY, onError: tooLarge(MAX_BODY) }), async (c) => {
    const started = performance.now();
    if (!deps.retriever) throw new AppError('index_missing', 'This server was started without a search index. Run `npm run ingest`, then restart.');
    const body = await parseJsonBody(c, bodySchema);
    const { query, k = 10, filter } = body;
    const hits = await deps.retriever.search(query, k, filter);
    return c.json({ results: hits.map(toResult), tookMs: Math.round((performance.now() - started) * 10) / 10 });
  });
}

function toResult(h: SearchHit) {
  return {
    id: h.chunk.id,
    score: h.score,
    text: h.chunk.text,
    article: h.chunk.label,
    heading: h.chunk.headingPath.join(' > '),
    doc: {
      id: h.doc.id,
      title: h.doc.title,
      docNo: h.doc.docNo,
      issuer: h.doc.issuer,
      date: h.doc.date,
      file: h.doc.sources[0]?.file,
    },
  };
}
