import { Hono } from 'hono';
import type { AppDeps } from '../app-deps.js';
import { AppError } from '../errors.js';
import type { DocumentListResponse, DocumentView } from '../wire.js';

/** Document ids are generated hex-ish tokens; anything else is rejected before a lookup. */
const ID = /^[A-Za-z0-9_-]{1,64}$/;

export function documentsRoutes(deps: AppDeps): Hono {
  return new Hono()
    .get('/documents', (c) => {
      const documents = deps.store.listDocuments().map((d) => {
        const upload = deps.library?.uploaded(d.id);
        return upload ? { ...d, uploadedAt: upload.uploadedAt } : d;
      });
      return c.json<DocumentListResponse>({ documents, total: documents.length });
    })
    .get('/documents/:id', (c) => {
      const id = c.req.param('id');
      if (!ID.test(id)) throw new AppError('bad_request', `Invalid document id "${id.slice(0, 80)}".`);
      const doc = deps.store.getDocument(id);
      if (!doc) throw new AppError('not_found', `No document with id "${id}". GET /api/documents lists them.`);
      return c.json<DocumentView>({ document: doc });
    });
}
