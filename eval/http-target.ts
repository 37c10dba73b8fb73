/**
 * The evaluation target behind a running server (`--url`): POST /api/search and POST /api/answer
 * as in ARCHITECTURE.md, and GET /api/sources/:chunkId for the full text of a cited chunk.
 */
import type { AnswerCitation, AnswerStatus, EvalTarget, Passage } from './types.js';

interface SearchResponse {
  results: { id: string; score: number; text: string; article?: string; doc?: { title?: string } }[];
}

interface AnswerResponse {
  answer: string;
  citations: { n: number; chunkId: string; quote: string; article: string; doc?: { title?: string } }[];
  refused: boolean;
  model: string;
  status?: AnswerStatus;
  confidence?: number;
}

export class ServerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ServerError';
  }
}

async function call<T>(base: string, path: string, init?: { method: 'POST'; body: unknown }): Promise<{ status: number; body: T }> {
  const url = new URL(path, `${base.replace(/\/$/, '')}/`).toString();
  let res: Response;
  try {
    res = await fetch(url, init ? { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(init.body) } : undefined);
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    throw new ServerError(`Cannot reach the server at ${base} (${cause?.code ?? cause?.message ?? (err as Error).message}). Is it running (npm start)?`);
  }
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ServerError(`${init ? 'POST' : 'GET'} /${path} → ${res.status}, not JSON: ${text.slice(0, 120)}`);
  }
  if (!res.ok && res.status !== 404) {
    const msg = (body as { error?: { message?: string } }).error?.message ?? text.slice(0, 120);
    throw new ServerError(`${init ? 'POST' : 'GET'} /${path} → ${res.status}: ${msg}`);
  }
  return { status: res.status, body: body as T };
}

/** Pulls the chunk's own text out of a /api/sources answer, whichever of the usual shapes it has. */
function sourceText(body: unknown): string | undefined {
  const b = body as { chunk?: { text?: unknown }; text?: unknown };
  if (typeof b?.chunk?.text === 'string') return b.chunk.text;
  if (typeof b?.text === 'string') return b.text;
  return undefined;
}

export function createHttpTarget(baseUrl: string): EvalTarget {
  const base = baseUrl;
  const chunkCache = new Map<string, Promise<string | undefined>>();
  const search = async (query: string, k: number): Promise<Passage[]> => {
    const { status, body } = await call<SearchResponse>(base, 'api/search', { method: 'POST', body: { query, k } });
    if (status === 404) throw new ServerError(`POST /api/search is not served at ${base}.`);
    return body.results.map((r) => ({ id: r.id, text: r.text, score: r.score, docTitle: r.doc?.title, label: r.article }));
  };
  return {
    description: baseUrl,
    primary: 'server',
    retrievers: { server: search },
    async answer(question) {
      const { status, body } = await call<AnswerResponse>(base, 'api/answer', { method: 'POST', body: { question } });
      if (status === 404) throw new ServerError(`POST /api/answer is not served at ${base}.`);
      const citations: AnswerCitation[] = body.citations.map((c) => ({
        n: c.n,
        chunkId: c.chunkId,
        quote: c.quote,
        article: c.article,
        docTitle: c.doc?.title ?? '',
      }));
      return { answer: body.answer, citations, refused: body.refused, model: body.model, status: body.status, confidence: body.confidence };
    },
    chunkText(id) {
      let p = chunkCache.get(id);
      if (!p) {
        p = call<unknown>(base, `api/sources/${encodeURIComponent(id)}`).then(
          ({ status, body }) => (status === 404 ? undefined : sourceText(body)),
          () => undefined,
        );
        chunkCache.set(id, p);
      }
      return p;
    },
    async info() {
      const { status, body } = await call<Record<string, unknown>>(base, 'api/health');
      if (status === 404) throw new ServerError(`GET /api/health is not served at ${base}; is this a Cewen server?`);
      return { mode: 'http', url: baseUrl, ...body };
    },
  };
}
