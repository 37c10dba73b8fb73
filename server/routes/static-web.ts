/**
 * Serves the built chat UI (web/dist) at `/`. Mounted last: API routes answer first, and
 * unknown `/api/*` paths still get the JSON 404 rather than the page.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../embeddings/project-root.js';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono, type MiddlewareHandler } from 'hono';

export const WEB_DIST_DIR = path.join(PROJECT_ROOT, 'web', 'dist');

/**
 * The page runs only its own bundled script and talks only to this server; even if some text slipped
 * through as HTML, the browser would refuse inline scripts and event handlers.
 */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

function withHeaders(res: Response, urlPath: string): Response {
  res.headers.set('X-Content-Type-Options', 'nosniff');
  if (res.headers.get('Content-Type')?.startsWith('text/html')) {
    res.headers.set('Content-Security-Policy', CSP);
    res.headers.set('Referrer-Policy', 'no-referrer');
    res.headers.set('Cache-Control', 'no-cache');
  } else if (urlPath.startsWith('/assets/')) {
    // Vite puts a content hash in every asset name, so an asset never changes under its URL.
    res.headers.set('Cache-Control', 'public, max-age=31536000, immutable');
  }
  return res;
}

const NOT_BUILT = `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>策问</title>
<body style="font-family:sans-serif;max-width:40em;margin:4em auto;line-height:1.7">
<h1>界面尚未构建</h1><p>The web UI has not been built. Run <code>npm run build:web</code>
(or <code>npm start</code>, which builds it when missing), then reload this page.</p>
<p>The API is available under <code>/api</code>, e.g. <a href="/api/health">/api/health</a>.</p></body></html>`;

export function staticWebRoutes(distDir: string = WEB_DIST_DIR): Hono {
  const indexFile = path.join(distDir, 'index.html');
  // Built on first use: the bundle may be built after the server started.
  let handlers: { files: MiddlewareHandler; page: MiddlewareHandler } | undefined;
  const serve = () =>
    (handlers ??= {
      files: serveStatic({ root: distDir }),
      page: serveStatic({ path: indexFile }),
    });

  return new Hono().on(['GET', 'HEAD'], '*', async (c, next) => {
    if (c.req.path === '/api' || c.req.path.startsWith('/api/')) return next();
    if (!existsSync(indexFile)) return c.html(NOT_BUILT, 503);
    const { files, page } = serve();
    const served = await files(c, async () => {});
    if (served) return withHeaders(served, c.req.path);
    // Client-side paths (no file extension) get the page; a missing asset stays a 404.
    if (!path.posix.extname(c.req.path)) {
      const res = await page(c, async () => {});
      if (res) return withHeaders(res, c.req.path);
    }
    return next();
  });
}
