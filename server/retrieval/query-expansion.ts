/**
 * Query expansion: the policy words for the everyday words of a question (thesaurus.ts, reviewed by
 * hand) and the corpus's own abbreviations (北交所 ↔ 北京证券交易所, mined at ingest). Added terms are
 * searched at a lower weight than the question's own, so an expansion can help but not dominate.
 */
import type { Abbreviation } from '../../embeddings/mine-abbreviations.js';
import { compactLower } from '../../embeddings/text/normalize.js';
import { parseThesaurus, THESAURUS, type ThesaurusEntry } from './thesaurus.js';

export class QueryExpander {
  private readonly entries: ThesaurusEntry[];

  constructor(abbreviations: readonly Abbreviation[] = [], thesaurus: string = THESAURUS) {
    this.entries = parseThesaurus(thesaurus);
    for (const a of abbreviations) {
      this.entries.push({ from: [a.short], to: [a.full] });
      this.entries.push({ from: [a.full], to: [a.short] });
    }
  }

  /** Phrases to add for a question (normalised text), without those it already contains. */
  expand(text: string): string[] {
    const t = compactLower(text);
    const out = new Set<string>();
    for (const e of this.entries) {
      if (!e.from.some((f) => t.includes(f))) continue;
      for (const to of e.to) if (!t.includes(to)) out.add(to);
    }
    return [...out];
  }
}
