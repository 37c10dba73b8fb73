/**
 * The real app (createApp) over a store and an answerer, listening on a free loopback port.
 */
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { createApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import type { Answerer, CorpusStore } from '../../server/types.js';

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function startAnswerServer(parts: { store: CorpusStore }, answerer: Answerer): Promise<RunningServer> {
  const app = createApp({
    config: loadConfig({}),
    store: parts.store,
    indexInfo: { documents: parts.store.listDocuments().length, chunks: 0, embedder: 'none', builtAt: new Date(0).toISOString() },
    answerer,
  });
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((r) => {
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
        server.close(() => r());
      }),
  };
}

/** Reads an SSE body into the JSON objects of its `data:` lines (the UI message chunks). */
export function parseSse(text: string): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const block of text.split('\n\n')) {
    const data = block
      .split('\n')
      .filter((l) => l.startsWith('data:'))
      .map((l) => l.slice(5).trimStart())
      .join('\n');
    if (!data || data === '[DONE]') continue;
    out.push(JSON.parse(data) as Record<string, unknown>);
  }
  return out;
}
