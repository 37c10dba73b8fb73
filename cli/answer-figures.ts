/**
 * `npm run answer-figures [-- --set eval/sets/dev.jsonl] [--sweep] [--http] [--failures] [--signals FILE]` — the answer pipeline's figures on an
 * evaluation set, in-process on the real index (extractive model unless LLM is configured):
 *   answered right    share of answerable items answered (status answered) citing a chunk that holds an evidence quote
 *                     (the closest provisions are not counted: `npm run eval` reports the evidence shown whatever the status)
 *   refusal           share of unanswerable items refused
 *   false refusal     share of answerable items refused, split by whether the evidence was in the top 5 hits
 *   first text        time from the question to the first streamed text, p50/p95
 * --http also times the first text-delta of POST /api/chat on a loopback server; --failures lists the misses.
 * With --sweep it also prints what the answer and support thresholds would give at other values:
 * the numbers behind STATUS_THRESHOLDS and SUPPORT_THRESHOLD (docs/design.md), computed on the very
 * confidence and hits each answer was decided on. --signals FILE writes every item's refusal signals
 * (coverage, similarity, agreement, concentration, must-match, novel, figure) as JSON lines.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { createApp } from '../server/app.js';
import { loadConfig, loadDotEnv } from '../server/config.js';
import type { SearchHit } from '../server/types.js';
import { corpusTermStats } from '../server/answer/corpus-stats.js';
import { assembleAnswerer, openQueryParts, prepareLearnedRanking } from '../server/runtime.js';
import { confidenceFeatures, STATUS_THRESHOLDS, type Confidence } from '../server/answer/refusal.js';
import { splitSentences } from '../server/answer/sentences.js';
import { SUPPORT_THRESHOLD, supportScore } from '../server/answer/support.js';
import { keyTerms } from '../embeddings/text/terms.js';

interface Item {
  id: string;
  question: string;
  answer: string;
  evidence: string[];
  type: string;
}

const squash = (s: string): string => s.replace(/\s+/g, '');

function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

const pct = (x: number): string => (Number.isFinite(x) ? x.toFixed(3) : '—');

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const setPath = path.resolve(args.includes('--set') ? args[args.indexOf('--set') + 1] : 'eval/sets/dev.jsonl');
  const sweep = args.includes('--sweep');
  const items = readFileSync(setPath, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Item);

  loadDotEnv();

  const config = loadConfig();
  const t0 = performance.now();
  const parts = await openQueryParts(config, { onLog: (l) => process.stderr.write(`${l}\n`) });
  // Answer as the server does: through the learned ranking when LABELS_FILE exists.
  await prepareLearnedRanking(config, parts, { onLog: (l) => process.stderr.write(`${l}\n`) });
  const stats = await corpusTermStats(parts.store);
  process.stderr.write(`index ready in ${((performance.now() - t0) / 1000).toFixed(1)} s; ${items.length} items from ${setPath}\n`);
  const { store, retriever } = parts;
  // The answerer as the server wires it, reporting each refusal decision: the sweep below reads the
  // very confidence and hits the answers were decided on.
  const decided = new Map<string, { confidence: Confidence; hits: SearchHit[] }>();
  const answerer = assembleAnswerer(config, parts, {
    stats,
    onConfidence: (question, confidence, hits) => decided.set(question, { confidence, hits }),
  });
  const hasEvidence = (chunkId: string, ev: string[]): boolean => {
    const t = squash(store.getChunk(chunkId)?.text ?? '');
    return ev.some((e) => t.includes(squash(e)));
  };

  // Warm up: term statistics and the jieba dictionary are built on first use.
  await answerer.answer({ question: items[0].question });

  const answerable = items.filter((i) => i.type !== 'unanswerable');
  const unanswerable = items.filter((i) => i.type === 'unanswerable');
  let correct = 0;
  let falseRefusals = 0;
  const refusedIds = new Set<string>();
  let refusals = 0;
  const firstText: number[] = [];
  const total: number[] = [];
  const failures: string[] = [];
  for (const item of items) {
    const start = performance.now();
    let first = NaN;
    const r = await answerer.answer(
      { question: item.question },
      {
        onEvent: (e) => {
          if (e.type === 'text' && Number.isNaN(first)) first = performance.now() - start;
        },
      },
    );
    total.push(performance.now() - start);
    if (!Number.isNaN(first)) firstText.push(first);
    if (item.type === 'unanswerable') {
      if (r.status !== 'answered') refusals++;
      else failures.push(`${item.id} answered (should refuse): ${item.question}`);
      continue;
    }
    if (r.status !== 'answered') {
      falseRefusals++;
      refusedIds.add(item.id);
      failures.push(`${item.id} refused (answerable): ${item.question}`);
    } else if (r.citations.some((c) => hasEvidence(c.chunkId, item.evidence))) correct++;
    else failures.push(`${item.id} cites no evidence: ${item.question}`);
  }

  console.log(
    `\nAnswer figures on ${path.relative(process.cwd(), setPath)} (${answerable.length} answerable, ${unanswerable.length} unanswerable), model ${answerer.model}, retriever ${retriever.name}`,
  );
  console.log(`  answered, citing the evidence    ${pct(correct / answerable.length)}   (${correct}/${answerable.length})`);
  console.log(`  held back (unanswerable)        ${pct(refusals / unanswerable.length)}   (${refusals}/${unanswerable.length}; not answered)`);
  console.log(`  not answered (answerable)       ${pct(falseRefusals / answerable.length)}   (${falseRefusals}/${answerable.length}; closest or not found)`);
  // A refused question whose evidence was retrieved is the refusal's own failure; one whose evidence is
  // not in the top 5 would have been answered from the wrong articles anyway.
  const hitsOf = new Map(items.map((i) => [i.id, decided.get(i.question)?.hits ?? []]));
  const inTop5 = new Set(
    answerable
      .filter((i) =>
        hitsOf
          .get(i.id)!
          .slice(0, 5)
          .some((h) => hasEvidence(h.chunk.id, i.evidence)),
      )
      .map((i) => i.id),
  );
  const split = (xs: Item[]): string =>
    `${pct(xs.filter((i) => refusedIds.has(i.id)).length / Math.max(1, xs.length))}   (${xs.filter((i) => refusedIds.has(i.id)).length}/${xs.length})`;
  console.log(`    evidence in top 5             ${split(answerable.filter((i) => inTop5.has(i.id)))}`);
  console.log(`    evidence not in top 5         ${split(answerable.filter((i) => !inTop5.has(i.id)))}`);
  console.log(`  first streamed text             p50 ${percentile(firstText, 50).toFixed(1)} ms   p95 ${percentile(firstText, 95).toFixed(1)} ms`);
  console.log(`  whole answer                    p50 ${percentile(total, 50).toFixed(1)} ms   p95 ${percentile(total, 95).toFixed(1)} ms`);
  console.log(
    `  thresholds: answer at confidence ≥ ${STATUS_THRESHOLDS.answer}, closest provisions at ≥ ${STATUS_THRESHOLDS.closest} (coverage blended with dense similarity, plus lexical/dense agreement, minus novel vocabulary and a missing figure, calibrated), support ${SUPPORT_THRESHOLD}`,
  );
  if (args.includes('--failures')) for (const f of failures) console.log(`    ${f}`);

  if (args.includes('--http')) {
    // The same questions through POST /api/chat on a listening server: time to the first text-delta part.
    const app = createApp({ config, store, indexInfo: { documents: store.listDocuments().length, chunks: 0, embedder: '', builtAt: '' }, answerer });
    const server = await new Promise<ServerType>((resolve) => {
      const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
    });
    const { port } = server.address() as AddressInfo;
    const firstDelta: number[] = [];
    for (const item of items) {
      const start = performance.now();
      const res = await fetch(`http://127.0.0.1:${port}/api/chat`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ id: 'figures', messages: [{ id: 'u', role: 'user', parts: [{ type: 'text', text: item.question }] }] }),
      });
      const reader = res.body!.getReader();
      const decoder = new TextDecoder();
      let seen = '';
      let first = NaN;
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        seen += decoder.decode(value, { stream: true });
        if (Number.isNaN(first) && seen.includes('"text-delta"')) first = performance.now() - start;
      }
      if (!Number.isNaN(first)) firstDelta.push(first);
    }
    server.close();
    console.log(`  first text-delta over HTTP     p50 ${percentile(firstDelta, 50).toFixed(1)} ms   p95 ${percentile(firstDelta, 95).toFixed(1)} ms   (POST /api/chat, loopback)`);
  }

  const conf = new Map(items.map((i) => [i.id, decided.get(i.question)?.confidence]));
  const signalsOut = args.includes('--signals') ? args[args.indexOf('--signals') + 1] : undefined;
  if (signalsOut) {
    // One line per item: the refusal signals, the label and whether the evidence was retrieved (for fitting).
    const lines = items.map((i) => {
      const c = conf.get(i.id);
      return JSON.stringify({
        id: i.id,
        question: i.question,
        answerable: i.type !== 'unanswerable',
        evidenceInTop5: inTop5.has(i.id),
        score: c?.score,
        coverage: c?.coverage,
        similarity: c?.similarity,
        agreement: c?.agreement,
        unmatched: c?.unmatched,
        novel: c?.novel,
        figure: c?.figure,
        missing: c?.missing,
        features: c ? confidenceFeatures(c) : undefined,
      });
    });
    writeFileSync(signalsOut, lines.join('\n') + '\n');
    process.stderr.write(`signals of ${items.length} items written to ${signalsOut}\n`);
  }
  if (!sweep) return;
  const score = (i: Item): number => conf.get(i.id)?.probability ?? 0;
  console.log(`\nAnswer threshold sweep of the shipped confidence (${inTop5.size} of ${answerable.length} answerable items have their evidence in the top 5 hits)`);
  console.log('  threshold  refusal  false-refusal  false-ref.(evidence in top 5)  false-ref.(not in top 5)');
  const share = (xs: Item[], t: number): string => (xs.length ? pct(xs.filter((i) => score(i) < t).length / xs.length) : '—    ');
  const inTop = answerable.filter((i) => inTop5.has(i.id));
  const notTop = answerable.filter((i) => !inTop5.has(i.id));
  for (let t = 0.05; t <= 0.95001; t += 0.05) {
    console.log(`  ${t.toFixed(2)}       ${share(unanswerable, t)}    ${share(answerable, t)}          ${share(inTop, t)}                          ${share(notTop, t)}`);
  }

  // Support: reference-answer sentences against the retrieved chunk holding the evidence (should pass)
  // and against retrieved chunks that do not (should mostly fail): paraphrases like a model's.
  const pos: number[] = [];
  const neg: number[] = [];
  for (const item of answerable) {
    const hits = hitsOf.get(item.id)!;
    const good = hits.find((h) => hasEvidence(h.chunk.id, item.evidence));
    const bad = hits.filter((h) => !hasEvidence(h.chunk.id, item.evidence) && h.chunk.docId !== good?.chunk.docId);
    for (const s of splitSentences(item.answer, { semicolons: true })) {
      const terms = keyTerms(s.text);
      if (terms.words.length === 0) continue;
      if (good) pos.push(supportScore(terms, good, stats).score);
      for (const b of bad.slice(0, 2)) neg.push(supportScore(terms, b, stats).score);
    }
  }
  console.log(`\nSupport threshold sweep (${pos.length} reference sentences vs their evidence chunk; ${neg.length} vs other documents' chunks)`);
  console.log('  threshold  passes(evidence chunk)  passes(other chunk)');
  for (let t = 0.3; t <= 0.801; t += 0.05) {
    console.log(`  ${t.toFixed(2)}       ${pct(pos.filter((x) => x >= t).length / pos.length)}                   ${pct(neg.filter((x) => x >= t).length / neg.length)}`);
  }
  // nothing to close: the index is in memory.
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
