import { Hono } from 'hono';
import type { AppDeps } from '../app-deps.js';
import { answerModelName } from '../answer/answer-models.js';
import type { HealthView } from '../wire.js';

export function healthRoutes(deps: AppDeps): Hono {
  return new Hono().get('/health', (c) => {
    // Without an LLM nothing can fail: the extractive answers are always there.
    const llm = deps.llm?.() ?? { state: 'ok' as const };
    return c.json<HealthView>({
      status: llm.state === 'ok' ? 'ok' : 'degraded',
      llm,
      index: deps.indexInfo,
      model: answerModelName(deps.config.llm),
      // Whether searches are reordered by labelled questions (LABELS_FILE): off, fitting, ready or failed.
      ranking: deps.ranking?.() ?? { state: 'off' },
      // Whether POST /api/labels records confirmations (the chat window shows its confirm button then).
      labels: { writable: deps.labels?.writable() ?? false },
      ...(deps.library ? { library: libraryView(deps) } : {}),
    });
  });
}

function libraryView(deps: AppDeps): NonNullable<HealthView['library']> {
  const { uploads, ...rest } = deps.library!.status();
  return { uploads: deps.config.adminToken !== undefined, uploadedFiles: uploads, ...rest };
}
