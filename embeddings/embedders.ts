/**
 * The embedders, keyed by the `kind` of their settings: the local LSA trained on the corpus, and any
 * OpenAI-compatible `/embeddings` endpoint. Building, loading, the manifest identity and the name all
 * go through here; a new embedder is one more entry (and its settings in EmbedderSettings).
 */
import type { EmbedderKind, EmbedderSettings } from './embedder-types.js';
import { localEmbedder } from './local-embedder.js';
import { openaiEmbedder } from './openai-embedder.js';

const EMBEDDERS: { readonly [K in EmbedderSettings['kind']]: EmbedderKind<Extract<EmbedderSettings, { kind: K }>> } = {
  local: localEmbedder,
  openai: openaiEmbedder,
};

/** The registered kinds, e.g. for a message. */
export const EMBEDDER_KINDS = Object.keys(EMBEDDERS) as EmbedderSettings['kind'][];

/** The embedder of a kind, or undefined for a kind none is registered for. */
export function findEmbedder(kind: string): EmbedderKind | undefined {
  return Object.hasOwn(EMBEDDERS, kind) ? (EMBEDDERS[kind as EmbedderSettings['kind']] as EmbedderKind) : undefined;
}

/** The embedder of a kind; an unknown kind is an error that lists the known ones. */
export function embedderKind(kind: string): EmbedderKind {
  const e = findEmbedder(kind);
  if (!e) throw new Error(`Unknown embedder "${kind}": the embedders are ${EMBEDDER_KINDS.join(', ')}.`);
  return e;
}

/** What identifies the embedder in the manifest (never the API key): a change means a rebuild. */
export function embedderIdentity(s: EmbedderSettings): Record<string, unknown> {
  return embedderKind(s.kind).identity(s);
}

/** Short name shown in /api/health and the manifest, e.g. `local-lsa-256` or `openai:bge-m3`. */
export function embedderName(s: EmbedderSettings, dims?: number): string {
  return embedderKind(s.kind).name(s, dims);
}
