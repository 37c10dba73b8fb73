/**
 * The real parts an answerer needs, opened from the configured index (built first when missing or
 * stale): used by `npm run ask` and `npm run answer-figures`. The server wires the same in main.ts.
 */
import type { Config } from '../config.js';
import { openIndex, prepareLearnedRanking, type OpenedIndex, type OpenIndexOptions } from '../retrieval/open-index.js';
import type { Answerer, CorpusStore, Retriever } from '../types.js';
import { corpusTermStats } from './corpus-stats.js';
import { createAnswererFromConfig } from './create-answerer.js';
import type { TermStats } from '../../embeddings/text/terms.js';

export interface AnswerParts {
  store: CorpusStore;
  retriever: Retriever;
  /** The dense retriever (cosine scores), for the refusal confidence. */
  similarity: Retriever;
  /** The lexical retriever, for the agreement part of the refusal confidence. */
  lexical: Retriever;
  answerer: Answerer;
  stats: TermStats;
}

/**
 * The answerer for an opened index, wired the one way the server, the CLI and the evaluation use:
 * the hybrid retriever answers, the dense and lexical ones feed the refusal confidence.
 */
export function answererForIndex(config: Config, opened: OpenedIndex): Answerer {
  return createAnswererFromConfig(config, {
    store: opened.store,
    retriever: opened.retriever,
    similarity: opened.retrievers.dense,
    lexical: opened.retrievers.lexical,
  });
}

export async function openAnswerParts(config: Config, opts: OpenIndexOptions = {}): Promise<AnswerParts> {
  const opened = await openIndex(config, opts);
  // Answer as the server does: through the learned ranking when LABELS_FILE exists.
  await prepareLearnedRanking(config, opened, { onLog: opts.onLog });
  const similarity = opened.retrievers.dense;
  const lexical = opened.retrievers.lexical;
  const answerer = answererForIndex(config, opened);
  return { store: opened.store, retriever: opened.retriever, similarity, lexical, answerer, stats: await corpusTermStats(opened.store) };
}
