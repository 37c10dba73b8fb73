/**
 * Embeddings from any OpenAI-compatible `/embeddings` endpoint (OpenAI, Ollama, vLLM, llama.cpp
 * server, …), e.g. bge-m3. Batched, retried with exponential backoff by LangChain's AsyncCaller
 * (4xx other than 429 are not retried: a wrong key or model will not get better), with progress.
 */
import { Embeddings } from '@langchain/core/embeddings';
import type { EmbedderKind, EmbedderSettings } from './embedder-types.js';
import { IndexError } from './index-error.js';
import type { ProgressFn } from './types.js';

export interface OpenAIEmbeddingsOptions {
  baseURL: string;
  model: string;
  apiKey?: string;
  /** Texts per request (default 64). */
  batchSize?: number;
  /** Requests in flight at once (default 2). */
  concurrency?: number;
  /** Retries per request after the first attempt (default 5). */
  maxRetries?: number;
  timeoutMs?: number;
  onProgress?: ProgressFn;
}

/** An HTTP failure with its status, which AsyncCaller reads to decide whether to retry. */
export class EmbeddingsHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'EmbeddingsHttpError';
  }
}

export class OpenAICompatibleEmbeddings extends Embeddings {
  private readonly url: string;
  private readonly opts: Required<Omit<OpenAIEmbeddingsOptions, 'apiKey' | 'onProgress'>> & Pick<OpenAIEmbeddingsOptions, 'apiKey' | 'onProgress'>;

  constructor(opts: OpenAIEmbeddingsOptions) {
    super({ maxRetries: opts.maxRetries ?? 5, maxConcurrency: opts.concurrency ?? 2 });
    this.opts = { batchSize: 64, concurrency: 2, maxRetries: 5, timeoutMs: 60_000, ...opts };
    this.url = `${opts.baseURL.replace(/\/+$/, '')}/embeddings`;
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    const batches: string[][] = [];
    for (let i = 0; i < texts.length; i += this.opts.batchSize) batches.push(texts.slice(i, i + this.opts.batchSize));
    let done = 0;
    const results = await Promise.all(
      batches.map((batch) =>
        this.caller
          .call(() => this.request(batch))
          .then((vectors) => {
            done += batch.length;
            this.opts.onProgress?.({ stage: 'embed: request', done, total: texts.length });
            return vectors;
          }),
      ),
    );
    return results.flat();
  }

  async embedQuery(text: string): Promise<number[]> {
    const [v] = await this.caller.call(() => this.request([text]));
    return v;
  }

  private async request(input: string[]): Promise<number[][]> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (this.opts.apiKey) headers.authorization = `Bearer ${this.opts.apiKey}`;
    let res: Response;
    try {
      res = await fetch(this.url, {
        method: 'POST',
        headers,
        body: JSON.stringify({ model: this.opts.model, input }),
        signal: AbortSignal.timeout(this.opts.timeoutMs),
      });
    } catch (e) {
      // Network errors and timeouts are worth retrying; AsyncCaller does so for plain errors.
      throw new Error(`Embeddings endpoint ${this.url} unreachable: ${(e as Error).message}`);
    }
    if (!res.ok) {
      const body = (await res.text().catch(() => '')).slice(0, 300);
      throw new EmbeddingsHttpError(res.status, `Embeddings endpoint ${this.url} answered ${res.status}: ${body}`);
    }
    const json = (await res.json()) as { data?: { index?: number; embedding?: number[] }[] };
    const data = json.data;
    if (!Array.isArray(data) || data.length !== input.length || data.some((d) => !Array.isArray(d.embedding))) {
      throw new EmbeddingsHttpError(502, `Embeddings endpoint ${this.url} returned ${data?.length ?? 'no'} embeddings for ${input.length} inputs`);
    }
    // The spec returns them in order with an index; sort anyway, some servers do not keep order.
    return [...data].sort((a, b) => (a.index ?? 0) - (b.index ?? 0)).map((d) => d.embedding as number[]);
  }
}

/**
 * EMBEDDINGS=openai: every chunk's text embedded by the endpoint at ingest; queries go to the endpoint
 * configured now, which must be set (the manifest holds no key).
 */
export const openaiEmbedder: EmbedderKind<Extract<EmbedderSettings, { kind: 'openai' }>> = {
  kind: 'openai',
  identity: (s) => ({ kind: 'openai', baseURL: s.baseURL.replace(/\/+$/, ''), model: s.model }),
  name: (s) => `openai:${s.model}`,
  async build(s, ctx) {
    const embeddings = new OpenAICompatibleEmbeddings({ ...s, onProgress: ctx.onProgress });
    return { embeddings, vectors: await embeddings.embedDocuments(ctx.texts()) };
  },
  load({ dir, settings }) {
    if (settings?.kind !== 'openai') {
      throw new IndexError(
        'index_corrupt',
        `The index at ${dir} was built with EMBEDDINGS=openai; configure EMBEDDINGS_BASE_URL/MODEL (and the key) to query it, or rebuild with the local embedder.`,
      );
    }
    return new OpenAICompatibleEmbeddings({ baseURL: settings.baseURL, model: settings.model, apiKey: settings.apiKey });
  },
};
