/** The static route that serves web/dist: page, assets, client paths, and what it must never swallow. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staticWebRoutes } from '../../server/routes/static-web';

let dist: string;
let app: Hono;

/** Mirrors createApp: API routes first, the JSON 404, the UI last. */
function appWith(distDir: string): Hono {
  const a = new Hono();
  a.notFound((c) => c.json({ error: { code: 'not_found', message: `No route ${c.req.path}` } }, 404));
  a.get('/api/health', (c) => c.json({ status: 'ok' }));
  a.route('/', staticWebRoutes(distDir));
  return a;
}

beforeAll(() => {
  dist = mkdtempSync(path.join(os.tmpdir(), 'cewen-dist-'));
  mkdirSync(path.join(dist, 'assets'));
  writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>策问</title><div id="root"></div>');
  writeFileSync(path.join(dist, 'assets', 'index-abc123.js'), 'console.log(1)');
  writeFileSync(path.join(os.tmpdir(), 'cewen-outside.txt'), 'secret');
  app = appWith(dist);
});
afterAll(() => rmSync(dist, { recursive: true, force: true }));

describe('static web route', () => {
  it('serves the page at / with a content security policy that forbids inline scripts', async () => {
    const res = await app.request('/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(await res.text()).toContain('<div id="root">');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
  });

  it('serves hashed assets as immutable', async () => {
    const res = await app.request('/assets/index-abc123.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/javascript/);
    expect(res.headers.get('cache-control')).toContain('immutable');
  });

  it('answers client-side paths with the page, a missing asset with 404', async () => {
    expect(await (await app.request('/c/some-conversation')).text()).toContain('<div id="root">');
    expect((await app.request('/assets/missing-1.js')).status).toBe(404);
  });

  it('leaves /api to the API: known routes answer, unknown ones get the JSON 404', async () => {
    expect(await (await app.request('/api/health')).json()).toEqual({ status: 'ok' });
    const res = await app.request('/api/nope');
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found');
  });

  it('never serves files outside the bundle', async () => {
    for (const p of ['/../cewen-outside.txt', '/%2e%2e/cewen-outside.txt', '/assets/..%2f..%2fcewen-outside.txt']) {
      const res = await app.request(p);
      expect(await res.text()).not.toContain('secret');
    }
  });

  it('says how to build the UI when web/dist is missing', async () => {
    const res = await appWith(path.join(dist, 'nothing-here')).request('/');
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('npm run build:web');
  });
});
