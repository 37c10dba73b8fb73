/**
 * `npm run ask -- "问题" [--json]`: one cited answer in the terminal, through the same pipeline as the
 * server (index built first if missing or stale; LLM when configured, extractive otherwise).
 * The answer streams to stdout as it is checked; citations, notes and timing follow. With --json,
 * stdout is only the AnswerResult JSON. Progress and index messages go to stderr.
 */
import { createProgressReporter } from '../embeddings/progress-reporter.js';
import { runCli } from './run-cli.js';
import { loadConfig } from '../server/config.js';
import { openRuntime } from '../server/runtime.js';
import { MAX_QUESTION_CHARS, type AnswerResult } from '../server/wire.js';

const USAGE = 'Usage: npm run ask -- "问题" [--json]';

function printCitations(r: AnswerResult): void {
  if (r.citations.length) {
    console.log('\n引用：');
    for (const c of r.citations) {
      const meta = [c.doc.docNo, c.doc.date].filter(Boolean).join('，');
      console.log(`[${c.n}] 《${c.doc.title}》${c.article && c.article !== '正文' ? c.article : ''}${meta ? `（${meta}）` : ''}`);
      if (c.validityNote) console.log(`    注意：${c.validityNote}`);
      console.log(`    “${c.quote.replace(/\s+/g, ' ').slice(0, 160)}${c.quote.length > 160 ? '…' : ''}”`);
      console.log(`    ${c.chunkId}`);
    }
  }
  if (r.refused && r.closest?.length) {
    console.log('\n最接近的文件：');
    for (const d of r.closest) console.log(`  《${d.title}》${[d.docNo, d.date].filter(Boolean).join('，')}`);
  }
  if (r.notice) console.log(`\n提示：${r.notice}`);
  console.log(`\n（${r.model}，${r.tookMs} ms${r.question ? `；问题：${r.question}` : ''}）`);
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const question = args
    .filter((a) => a !== '--json')
    .join(' ')
    .trim();
  if (!question || args.includes('--help') || args.includes('-h')) {
    console.error(USAGE);
    return 2;
  }
  if (question.length > MAX_QUESTION_CHARS) {
    console.error(`The question is longer than ${MAX_QUESTION_CHARS} characters.`);
    return 2;
  }
  const config = loadConfig();
  const progress = createProgressReporter();
  const runtime = await openRuntime(config, { onProgress: progress.onProgress, onLog: progress.log });
  // Answer as the server does: through the learned ranking when LABELS_FILE exists.
  await runtime.prepareRanking({ onLog: progress.log });
  progress.done();
  const ac = new AbortController();
  process.once('SIGINT', () => ac.abort(new Error('Interrupted.')));
  const r = await runtime.answerer.answer(
    { question },
    {
      signal: ac.signal,
      onEvent: json
        ? undefined
        : (e) => {
            if (e.type === 'question') console.log(`（理解为：${e.question}）\n`);
            else if (e.type === 'text') process.stdout.write(e.delta);
          },
    },
  );
  if (json) console.log(JSON.stringify(r, null, 2));
  else {
    process.stdout.write('\n');
    printCitations(r);
  }
  return 0;
}

runCli(main);
