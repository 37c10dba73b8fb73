/**
 * POST /api/search {query, k?, filter?, rewrite?} → {results:[{id, score, text, article, heading, doc}], rewrittenQuery?, tookMs}.
 * The retriever is whichever the server was built with (hybrid in production); with an LLM configured the
 * query is rewritten into policy words first (rewrite: false searches it as typed).
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppDeps } from '../app-deps.js';
import { AppError } from '../errors.js';
import { searchText } from '../retrieval/query-rewrite.js';
import type { SearchHit } from '../types.js';
import { searchRequestSchema, type SearchResponse, type SearchResult } from '../wire.js';
import { parseJsonBody, tooLarge } from './route-helpers.js';

const MAX_BODY = 16 * 1024;

export function searchRoutes(deps: AppDeps): Hono {
  return new Hono().post('/search', bodyLimit({ maxSize: MAX_BODY, onError: tooLarge(MAX_BODY) }), async (c) => {
    const started = performance.now();
    if (!deps.retriever) throw new AppError('index_missing', 'This server was started without a search index. Run `npm run ingest`, then restart.');
    const body = await parseJsonBody(c, searchRequestSchema);
    const { query, k = 10, filter, rewrite = true } = body;
    // With an LLM configured the query is searched in policy words (query-rewrite.ts) unless the caller says not to.
    const rewritten = rewrite && deps.queryRewriter ? await deps.queryRewriter.rewrite(query, c.req.raw.signal) : undefined;
    const { hits } = await deps.retriever.search(rewritten ? searchText(query, rewritten) : query, k, filter);
    return c.json<SearchResponse>({
      results: hits.map(toResult),
      ...(rewritten?.rewritten ? { rewrittenQuery: rewritten.query } : {}),
      tookMs: Math.round((performance.now() - started) * 10) / 10,
    });
  });
}

function toResult(h: SearchHit): SearchResult {
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
