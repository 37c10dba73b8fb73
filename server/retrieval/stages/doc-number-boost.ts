/**
 * 文号 lookup: a document the question names by 文号 (any spelling) brings its best chunks into the
 * candidates, searched within it by every source, and all its chunks get a bonus.
 */
import type { ChunkFilter } from '../filters.js';
import type { CandidateSource, RankStage, RankState } from '../rank-state.js';
import { fuseLists, type FusionOptions } from './fuse.js';

/** Chunks each source contributes from the named documents. */
const PER_SOURCE = 10;

export function docNumberStage(sources: readonly CandidateSource[], o: FusionOptions & { docNoBoost: number }): RankStage {
  return {
    name: 'doc-number',
    async run(s: RankState) {
      const named = s.ctx.docsNamed(s.q.docNumbers);
      if (named.length === 0) return;
      const inDocs = restrictTo(
        named.flatMap((d) => s.ctx.docChunks[d]),
        s.filter,
      );
      for (const src of sources) {
        const found = fuseLists([{ items: await src.candidates(s, PER_SOURCE, inDocs), weight: src.weight }], o);
        // Only chunks not scored yet: a chunk both lists found keeps its fused score.
        for (const [c, score] of found) if (!s.scores.has(c)) s.scores.set(c, score);
      }
      for (const c of inDocs.chunks ?? []) s.scores.set(c, (s.scores.get(c) ?? 0) + o.docNoBoost * s.unit);
    },
  };
}

/** A filter allowing only `chunks` (and whatever the user's filter allows). */
export function restrictTo(chunks: number[], user?: ChunkFilter): ChunkFilter {
  const list = chunks.filter((c) => !user || user.allows(c)).sort((a, b) => a - b);
  const set = new Set(list);
  return { allows: (c) => set.has(c), chunks: list, empty: list.length === 0 };
}
