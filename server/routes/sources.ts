/**
 * GET /api/sources/:chunkId[?quote=…] — a cited chunk with its whole article and the range to highlight:
 * the quote's range when one is given and found in the chunk (whitespace ignored), else the chunk's.
 * Ranges are given inside the article text (`highlight`) and inside the document text (`documentHighlight`).
 */
import { Hono } from 'hono';
import type { AppDeps } from '../app-deps.js';
import { AppError } from '../errors.js';
import type { SourceView } from '../wire.js';

/** Chunk ids are `${docId}:${articleIndex}:${part}`: word characters and colons, nothing that walks a path. */
const CHUNK_ID = /^[A-Za-z0-9_-]{1,100}(?::[A-Za-z0-9_-]{1,40}){0,4}$/;

/** Finds `needle` in `hay` ignoring whitespace on both sides; returns the range in `hay`. */
export function findLoose(hay: string, needle: string): { start: number; end: number } | undefined {
  const want = needle.replace(/\s+/g, '');
  if (!want) return undefined;
  const idx: number[] = [];
  let flat = '';
  for (let i = 0; i < hay.length; i++) {
    if (/\s/.test(hay[i])) continue;
    flat += hay[i];
    idx.push(i);
  }
  const at = flat.indexOf(want);
  if (at < 0) return undefined;
  return { start: idx[at], end: idx[at + want.length - 1] + 1 };
}

export function sourcesRoutes(deps: AppDeps): Hono {
  const bad = (): never => {
    throw new AppError('bad_request', 'Invalid chunk id: use the chunkId of a citation, e.g. /api/sources/<docId>:<article>:<part>.');
  };
  return new Hono()
    .get('/sources/:chunkId', (c) => {
      const id = c.req.param('chunkId');
      if (!CHUNK_ID.test(id)) bad();
      const chunk = deps.store.getChunk(id);
      if (!chunk) throw new AppError('not_found', `No chunk with id "${id}".`);
      const doc = deps.store.getDocument(chunk.docId);
      if (!doc) throw new AppError('not_found', `The document of chunk "${id}" is not in the index; rebuild it with npm run ingest.`);
      const art = doc.articles.find((a) => a.id === chunk.articleId) ??
        doc.articles.find((a) => a.start <= chunk.start && chunk.end <= a.end) ?? {
          id: chunk.articleId,
          docId: doc.id,
          label: chunk.label,
          headingPath: chunk.headingPath,
          start: chunk.start,
          end: chunk.end,
        };
      const quote = (c.req.query('quote') ?? '').slice(0, 2000);
      const inChunk = (quote && findLoose(chunk.text, quote)) || { start: 0, end: chunk.text.length };
      const docStart = chunk.start + inChunk.start;
      const docEnd = chunk.start + inChunk.end;
      const { text: _text, articles: _articles, ...meta } = doc;
      return c.json<SourceView>({
        chunk,
        article: { id: art.id, label: art.label, headingPath: art.headingPath, text: doc.text.slice(art.start, art.end), start: art.start, end: art.end },
        document: meta,
        highlight: { start: docStart - art.start, end: docEnd - art.start },
        documentHighlight: { start: docStart, end: docEnd },
      });
    })
    .get('/sources/*', () => bad())
    .get('/sources', () => bad());
}
