/**
 * Documents in through HTTP, into the live index (server/library/live-library.ts):
 *   POST   /api/documents       multipart/form-data, one or more `file` fields → 201 {documents, skipped}
 *   PUT    /api/documents/:id   one `file` → 200 {documents, skipped, replaced}
 *   DELETE /api/documents/:id   → 200 {removed}
 *   POST   /api/index/rebuild   → 202 {rebuilding}: a full rebuild in a worker thread (health says when it is done)
 * All four need `Authorization: Bearer $ADMIN_TOKEN`: without ADMIN_TOKEN set they are 403 with how to
 * enable them, with a missing or wrong token 401. Limits: UPLOAD_MAX_MB per file and UPLOAD_MAX_FILES per
 * request (413 naming the file). A file that cannot be read is refused by name with its reason; when no
 * file of a request could be read the answer is 422 and nothing changed.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppDeps } from '../app-deps.js';
import { AppError } from '../errors.js';
import type { UploadedFile } from '../library/live-library.js';
import type { DocumentDeleteResponse, DocumentUploadResponse, ErrorResponse, RebuildResponse } from '../wire.js';

const ID = /^[A-Za-z0-9_-]{1,64}$/;

/** The administrative token, compared in constant time. */
export function requireAdmin(c: Context, token: string | undefined): void {
  if (!token) {
    throw new AppError(
      'forbidden',
      'Uploads and deletions are off: set ADMIN_TOKEN (a secret of at least 16 characters) in the server’s environment and send it as Authorization: Bearer <token>.',
    );
  }
  const got = Buffer.from((c.req.header('authorization') ?? '').replace(/^Bearer\s+/i, ''));
  const want = Buffer.from(token);
  if (got.length !== want.length || !timingSafeEqual(got, want)) {
    throw new AppError('unauthorized', 'This needs the administrative token: Authorization: Bearer <ADMIN_TOKEN>.');
  }
}

function requireLibrary(deps: AppDeps): NonNullable<AppDeps['library']> {
  if (!deps.library) throw new AppError('internal', 'This server was started without a document library.');
  return deps.library;
}

/** The `file` fields of a multipart body, checked against the limits. */
async function readFiles(c: Context, deps: AppDeps, max: number): Promise<UploadedFile[]> {
  const type = (c.req.header('content-type') ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'multipart/form-data') {
    throw new AppError('unsupported_media_type', `Send the files as multipart/form-data with one "file" field per file, not ${type ? `"${type}"` : 'without a Content-Type'}.`);
  }
  let body: Record<string, unknown>;
  try {
    body = await c.req.parseBody({ all: true });
  } catch (e) {
    throw new AppError('bad_request', `The multipart body could not be read (${(e as Error).message}).`);
  }
  const unknown = Object.keys(body).filter((k) => k !== 'file');
  if (unknown.length) throw new AppError('bad_request', `Unknown field "${unknown[0]}": send the documents as "file" fields.`);
  const raw = body.file === undefined ? [] : Array.isArray(body.file) ? body.file : [body.file];
  const files = raw.filter((f): f is File => typeof f === 'object' && f !== null && 'arrayBuffer' in f);
  if (files.length === 0) throw new AppError('bad_request', 'No file: send each document as a "file" field.');
  if (files.length > max) throw new AppError('payload_too_large', `${files.length} files in one request; at most ${max} (UPLOAD_MAX_FILES).`);
  const limit = deps.config.uploadMaxBytes;
  const big = files.find((f) => f.size > limit);
  if (big) throw new AppError('payload_too_large', `${big.name}: ${(big.size / 1024 / 1024).toFixed(1)} MB is over the limit of ${limit / 1024 / 1024} MB per file (UPLOAD_MAX_MB).`);
  return Promise.all(files.map(async (f) => ({ name: f.name || 'file', bytes: new Uint8Array(await f.arrayBuffer()) })));
}

export function libraryRoutes(deps: AppDeps): Hono {
  const maxBody = deps.config.uploadMaxBytes * deps.config.uploadMaxFiles + 1024 * 1024;
  const limit = bodyLimit({
    maxSize: maxBody,
    onError: (c) =>
      c.json<ErrorResponse>(
        { error: { code: 'payload_too_large', message: `The upload is larger than ${Math.round(maxBody / 1024 / 1024)} MB (UPLOAD_MAX_MB × UPLOAD_MAX_FILES).` } },
        413,
      ),
  });
  const id = (c: Context): string => {
    const v = c.req.param('id') ?? '';
    if (!ID.test(v)) throw new AppError('bad_request', `Invalid document id "${v.slice(0, 80)}".`);
    return v;
  };
  const refuse = (skipped: DocumentUploadResponse['skipped']): never => {
    throw new AppError('unreadable_document', `Nothing was added. ${skipped.map((s) => s.error).join(' ')}`);
  };
  return new Hono()
    .post('/documents', limit, async (c) => {
      requireAdmin(c, deps.config.adminToken);
      const library = requireLibrary(deps);
      const files = await readFiles(c, deps, deps.config.uploadMaxFiles);
      const result = await library.add(files);
      if (result.documents.length === 0) refuse(result.skipped);
      return c.json<DocumentUploadResponse>(result, 201);
    })
    .put('/documents/:id', limit, async (c) => {
      requireAdmin(c, deps.config.adminToken);
      const library = requireLibrary(deps);
      const target = id(c);
      const files = await readFiles(c, deps, 1);
      const result = await library.replace(target, files[0]);
      if (!result) throw new AppError('not_found', `No document with id "${target}". GET /api/documents lists them.`);
      if (result.documents.length === 0) refuse(result.skipped);
      return c.json<DocumentUploadResponse>({ ...result, replaced: target });
    })
    .post('/index/rebuild', (c) => {
      requireAdmin(c, deps.config.adminToken);
      // Runs on; /api/health says `library.rebuilding` until the new index serves, then `lastRebuild`.
      void requireLibrary(deps).rebuild();
      return c.json<RebuildResponse>({ rebuilding: true }, 202);
    })
    .delete('/documents/:id', async (c) => {
      requireAdmin(c, deps.config.adminToken);
      const library = requireLibrary(deps);
      const target = id(c);
      if (!(await library.remove(target))) throw new AppError('not_found', `No document with id "${target}". GET /api/documents lists them.`);
      return c.json<DocumentDeleteResponse>({ removed: target });
    });
}
