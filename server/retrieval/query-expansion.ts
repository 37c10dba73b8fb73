/**
 * Query expansion: the policy words for the everyday words of a question (the lexicon's
 * search-expansions.tsv, reviewed by hand) and the corpus's own abbreviations (北交所 ↔ 北京证券交易所,
 * mined at ingest). Added terms are searched at a lower weight than the question's own, so an
 * expansion can help but not dominate.
 */
import { Expansions, searchExpansions, type LexiconEntry } from '../../embeddings/text/lexicon/lexicon.js';
import { abbreviationEntries, type Abbreviation } from '../../embeddings/text/lexicon/mine-abbreviations.js';
import { compactLower } from '../../embeddings/text/normalize.js';

export class QueryExpander {
  private readonly expansions: Expansions;

  /** `entries`: the hand-written expansions (none: `[]`); the abbreviations are added after them. */
  constructor(abbreviations: readonly Abbreviation[] = [], entries: readonly LexiconEntry[] = searchExpansions()) {
    this.expansions = new Expansions([...entries, ...abbreviationEntries(abbreviations)]);
  }

  /** Phrases to add for a question (normalised text), without those it already contains. */
  expand(text: string): string[] {
    return this.expansions.additionsFor(compactLower(text));
  }
}
