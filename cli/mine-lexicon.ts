/**
 * `npm run mine-lexicon [-- --out FILE]`: candidates for embeddings/text/lexicon/from-questions.tsv from the
 * question memory (mine-question-words.ts), one `term<TAB>written forms` line each, for a reviewer to
 * keep or cut. The search never reads the candidates, only the reviewed file.
 */
import fs from 'node:fs';
import { loadConfig } from '../server/config.js';
import { loadIndex } from '../embeddings/index-store.js';
import { mineQuestionWords } from '../embeddings/text/lexicon/mine-question-words.js';
import { searchExpansions } from '../embeddings/text/lexicon/lexicon.js';
import { readSyntheticQuestions } from '../server/retrieval/question-source.js';
import { runCli } from './run-cli.js';

runCli(async () => {
  const args = process.argv.slice(2);
  const at = args.indexOf('--out');
  const out = at >= 0 ? args[at + 1] : 'lexicon-candidates.tsv';
  const config = loadConfig();
  const index = await loadIndex(config.indexDir);
  const texts = index.chunks.map((c, i) => ({ articleId: c.articleId, title: index.documents[index.chunkDoc[i]].title, text: c.text }));
  const questions = config.syntheticQuestions.flatMap((f) => readSyntheticQuestions(f) ?? []);
  if (questions.length === 0) throw new Error(`No question memory at ${config.syntheticQuestions.join(', ')} (SYNTHETIC_QUESTIONS).`);
  const known = new Set(searchExpansions().flatMap((e) => e.terms));
  const found = mineQuestionWords(texts, questions, known);
  fs.writeFileSync(out, found.map((c) => `${c.term}\t${c.written.join(' ')}\n`).join(''));
  console.log(`${found.length} candidates written to ${out}`);
  return 0;
});
