/**
 * `npx tsx eval/dump-answer-prompts.ts --set FILE [--limit N] --out FILE`: the exact prompts the LLM answer
 * model would get for a set's questions — the system prompt once, then per question the user message with its
 * numbered sources — for the questions the server would answer (status answered; the others never reach a
 * model). A session playing the model replies to them under prompts/answer-system.md, seeing only these
 * prompts; its replies, kept in eval/fixtures/answers/, are replayed by `npm run eval -- --answers FILE`.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { corpusTermStats } from '../server/answer/corpus-stats.js';
import { createAnswerer } from '../server/answer/create-answerer.js';
import { answerUserMessage, loadPrompts } from '../server/answer/prompts.js';
import type { AnswerModel } from '../server/answer/types.js';
import { loadConfig } from '../server/config.js';
import { openQueryParts } from '../server/runtime.js';
import { loadSet } from './load-set.js';

const { values } = parseArgs({ options: { set: { type: 'string' }, out: { type: 'string' }, limit: { type: 'string' } } });
if (!values.set || !values.out) throw new Error('Usage: npx tsx eval/dump-answer-prompts.ts --set FILE --out FILE [--limit N]');
const prompts = loadPrompts();
const parts = await openQueryParts(loadConfig());
const stats = await corpusTermStats(parts.store);
const seen: { question: string; user: string }[] = [];
// A model that records what it is asked and says nothing (the extractive answer follows; its text is not kept).
const recorder: AnswerModel = {
  name: 'recorder',
  async *generate(input) {
    seen.push({ question: input.question, user: answerUserMessage(prompts, input.question, input.sources) });
    // Nothing that passes the citation check: the extractive answer follows, and is not kept.
    yield '';
  },
};
const answerer = createAnswerer({ store: parts.store, retriever: parts.retriever, analyze: parts.analyze, stats, model: recorder });
const items = (await loadSet(path.resolve(values.set))).slice(0, values.limit ? Number(values.limit) : undefined);
for (const item of items) await answerer.answer({ question: item.question });
writeFileSync(values.out, `${seen.map((s) => JSON.stringify(s)).join('\n')}\n`);
console.log(`${seen.length} of ${items.length} questions reach the model; prompts written to ${values.out}`);
