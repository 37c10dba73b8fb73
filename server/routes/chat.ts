/**
 * POST /api/chat — the AI SDK UI message stream that `useChat` reads. Parts, in order of appearance:
 * `data-question` (when a follow-up was rewritten), `data-search` (the question in policy words, when an
 * LLM rewrote it for the search), for each newly cited chunk a `source-document`
 * (sourceId = chunk id, title 《标题》第X条) followed by `data-citations` (the full Citation list so far,
 * id "citations" so the client keeps one), the answer text as text-start/text-delta/text-end (only
 * sentences that passed the citation check), and a final `data-answer` {refused, closest, notice?,
 * model, question} (notice only when there is one). A client that disconnects aborts the request's signal, which stops the model.
 */
import { createUIMessageStream, createUIMessageStreamResponse, generateId } from 'ai';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppDeps } from '../app-deps.js';
import { parseChatBody } from '../answer/request-schema.js';
import { httpErrorOf } from '../errors.js';
import type { CewenMessage, Citation } from '../wire.js';
import { addLogFields } from '../request-log.js';
import { answerLogFields, labelTokenFor, readJsonBody, requireAnswerer, tooLarge } from './route-helpers.js';

/** useChat sends the whole conversation each time. */
const MAX_BODY = 1024 * 1024;

export function sourceTitle(c: Citation): string {
  return `《${c.doc.title}》${c.article && c.article !== '正文' ? c.article : ''}`;
}

export function chatRoutes(deps: AppDeps): Hono {
  return new Hono().post('/chat', bodyLimit({ maxSize: MAX_BODY, onError: tooLarge(MAX_BODY) }), async (c) => {
    const answerer = requireAnswerer(deps);
    const req = parseChatBody(await readJsonBody(c));
    const signal = c.req.raw.signal;

    const stream = createUIMessageStream<CewenMessage>({
      execute: async ({ writer }) => {
        const textId = generateId();
        const announced = new Set<string>();
        let textOpen = false;
        let citationsSent = false;
        const openText = (): void => {
          if (!textOpen) writer.write({ type: 'text-start', id: textId });
          textOpen = true;
        };
        const sendCitations = (citations: Citation[]): void => {
          for (const cit of citations) {
            if (announced.has(cit.chunkId)) continue;
            announced.add(cit.chunkId);
            writer.write({ type: 'source-document', sourceId: cit.chunkId, mediaType: 'text/plain', title: sourceTitle(cit) });
          }
          writer.write({ type: 'data-citations', id: 'citations', data: citations });
          citationsSent = true;
        };

        writer.write({ type: 'start' });
        const result = await answerer.answer(req, {
          signal,
          onEvent: (e) => {
            if (e.type === 'question') writer.write({ type: 'data-question', data: { question: e.question } });
            else if (e.type === 'search') writer.write({ type: 'data-search', data: { query: e.query } });
            else if (e.type === 'citations') sendCitations(e.citations);
            else if (e.type === 'text') {
              openText();
              writer.write({ type: 'text-delta', id: textId, delta: e.delta });
            }
          },
        });
        addLogFields(c.req.raw, answerLogFields(result));
        const labelToken = labelTokenFor(deps, result);
        if (!citationsSent) sendCitations(result.citations);
        openText();
        writer.write({ type: 'text-end', id: textId });
        writer.write({
          type: 'data-answer',
          data: {
            status: result.status,
            refused: result.refused,
            closest: result.closest ?? [],
            ...(result.notice ? { notice: result.notice } : {}),
            model: result.model,
            question: result.question,
            ...(labelToken ? { labelToken } : {}),
          },
        });
        writer.write({ type: 'finish' });
      },
      onError: (err) => {
        const known = httpErrorOf(err);
        if (known) return known.message;
        if (signal.aborted) return 'The request was cancelled.';
        console.error(err);
        return 'Internal error while answering; see the server log.';
      },
    });
    return createUIMessageStreamResponse({ stream });
  });
}
