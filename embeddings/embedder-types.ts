/**
 * Which embedder builds and queries the dense index. Mirrors `Config['embeddings']` (server/config.ts)
 * without importing it: the indexing side knows nothing of the server.
 */
import type { LocalEmbedderSettings } from './local-embedder.js';

export type EmbedderSettings =
  | { kind: 'local'; local?: Partial<LocalEmbedderSettings> }
  | { kind: 'openai'; baseURL: string; model: string; apiKey?: string };

/** What identifies the embedder in the manifest (never the API key): a change means a rebuild. */
export function embedderIdentity(s: EmbedderSettings): Record<string, unknown> {
  return s.kind === 'local'
    ? { kind: 'local', ...s.local }
    : { kind: 'openai', baseURL: s.baseURL.replace(/\/+$/, ''), model: s.model };
}

/** Short name shown in /api/health and the manifest, e.g. `local-lsa-256` or `openai:bge-m3`. */
export function embedderName(s: EmbedderSettings, dims?: number): string {
  return s.kind === 'local' ? `local-lsa${dims ? `-${dims}` : ''}` : `openai:${s.model}`;
}
