/**
 * `npm run inspect-corpus [-- DIR] [--docs]`: what the corpus pipeline found, per file — documents,
 * articles, chunks, chunk lengths, coverage, duplicates, TOC titles without a body, unplaced text —
 * so a person can read it and judge the split. `--docs` lists every document with its metadata.
 */
import path from 'node:path';
import { CHUNK_MAX_CHARS, CHUNK_MIN_CHARS } from '../embeddings/chunk.js';
import { documentCoverage } from '../embeddings/corpus/coverage.js';
import { loadCorpus } from '../embeddings/corpus/load-corpus.js';
import type { Chunk, CorpusDocument } from '../embeddings/types.js';

function quantile(sorted: number[], q: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * (sorted.length - 1) + 0.5))];
}

function lengths(chunks: Chunk[]): string {
  const l = chunks.map((c) => c.text.length).sort((a, b) => a - b);
  if (!l.length) return 'none';
  return `min ${l[0]} / median ${quantile(l, 0.5)} / p95 ${quantile(l, 0.95)} / max ${l[l.length - 1]}`;
}

function short(s: string, n = 60): string {
  const t = s.replace(/\s+/g, ' ');
  return t.length > n ? `${t.slice(0, n)}…` : t;
}

function describe(d: CorpusDocument): string {
  const meta = [d.docNo, d.issuer, d.date && `发布 ${d.date}`, d.effectiveDate && `施行 ${d.effectiveDate}`, d.validUntil && `有效至 ${d.validUntil}`].filter(Boolean).join(' · ');
  const rel = d.parentId ? ' [published by a notice]' : d.childIds?.length ? ` [publishes ${d.childIds.length}]` : '';
  return `${short(d.title, 70)}${meta ? `  (${meta})` : ''}${rel}  ${d.articles.length} art.`;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const listAll = args.includes('--docs');
  const dir = path.resolve(args.find((a) => !a.startsWith('--')) ?? 'data/corpus');
  const t0 = performance.now();
  const corpus = await loadCorpus(dir);
  const ms = performance.now() - t0;

  const chunksByDoc = new Map<string, Chunk[]>();
  for (const c of corpus.chunks) {
    const list = chunksByDoc.get(c.docId) ?? [];
    list.push(c);
    chunksByDoc.set(c.docId, list);
  }
  const coverage = new Map<string, number>();
  for (const d of corpus.documents) coverage.set(d.id, documentCoverage(d, chunksByDoc.get(d.id) ?? []));

  console.log(`corpus ${dir}`);
  console.log(`chunk limit ${CHUNK_MAX_CHARS} characters (tiny pieces under ${CHUNK_MIN_CHARS} merged)\n`);
  for (const r of corpus.reports) {
    // A document belongs to the file whose copy of the text was kept (its first source).
    const docs = corpus.documents.filter((d) => d.sources[0].file === r.file);
    const alsoHere = corpus.documents.filter((d) => d.sources.slice(1).some((s) => s.file === r.file));
    const chunks = docs.flatMap((d) => chunksByDoc.get(d.id) ?? []);
    const articles = docs.reduce((n, d) => n + d.articles.length, 0);
    const covs = docs.map((d) => ({ d, c: coverage.get(d.id)! })).sort((a, b) => a.c - b.c);
    const totalBody = docs.reduce((n, d) => n + d.text.replace(/\s+/g, '').length, 0);
    const coveredBody = docs.reduce((n, d) => n + coverage.get(d.id)! * d.text.replace(/\s+/g, '').length, 0);
    console.log(`== ${r.file}`);
    console.log(`  documents ${docs.length}  articles ${articles}  chunks ${chunks.length}`);
    console.log(`  chunk length ${lengths(chunks)}`);
    if (covs.length) {
      console.log(`  coverage ${((coveredBody / (totalBody || 1)) * 100).toFixed(2)}%  (lowest document ${(covs[0].c * 100).toFixed(2)}%: ${short(covs[0].d.title, 40)})`);
    }
    console.log(`  duplicates: ${alsoHere.length} documents of this file were merged into a copy kept elsewhere or earlier in the file`);
    console.log(
      `  cleaned ${r.cleanedLength} chars; TOC ${r.tocLines} lines dropped, ${r.tocEntries} titles, ${r.tocMissing.length} without body` +
        `; ${r.loose ? 'loose line breaks' : r.wrapWidth ? `hard-wrapped at ~${r.wrapWidth}` : 'one paragraph per line'}`,
    );
    const with_ = (k: keyof CorpusDocument) => docs.filter((d) => d[k]).length;
    console.log(
      `  metadata: docNo ${with_('docNo')}, issuer ${with_('issuer')}, date ${with_('date')}, effective ${with_('effectiveDate')}, validUntil ${with_('validUntil')}, children ${with_('parentId')}`,
    );
    const unplacedChars = r.unplaced.reduce((n, u) => n + u.replace(/\s+/g, '').length, 0);
    console.log(`  placed in documents: ${(100 - (unplacedChars / Math.max(1, r.cleanedLength)) * 100).toFixed(2)}% of the cleaned text`);
    console.log(
      `  unplaced ${r.unplaced.length} paragraphs${
        r.unplaced.length
          ? ': ' +
            r.unplaced
              .slice(0, 8)
              .map((u) => `「${short(u, 24)}」`)
              .join(' ')
          : ''
      }`,
    );
    const sample = listAll ? docs : docs.filter((_, i) => i % Math.max(1, Math.ceil(docs.length / 8)) === 0);
    console.log(`  ${listAll ? 'documents' : 'sample of documents'}:`);
    for (const d of sample) console.log(`    - ${describe(d)}`);
    console.log('');
  }
  for (const p of corpus.problems) console.log(`problem [${p.code}] ${p.message}`);
  const allCov = [...coverage.values()].sort((a, b) => a - b);
  console.log(`TOTAL documents ${corpus.documents.length}  articles ${corpus.documents.reduce((n, d) => n + d.articles.length, 0)}  chunks ${corpus.chunks.length}`);
  console.log(`  chunk length ${lengths(corpus.chunks)}`);
  console.log(`  coverage: lowest document ${((allCov[0] ?? 1) * 100).toFixed(2)}%, documents under 99%: ${allCov.filter((c) => c < 0.99).length}`);
  console.log(`  duplicates merged ${corpus.duplicatesMerged}; problems ${corpus.problems.length}`);
  console.log(`  time ${(ms / 1000).toFixed(2)} s`);
}

main().catch((err: unknown) => {
  console.error((err as Error).message);
  process.exit(1);
});
