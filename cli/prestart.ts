/**
 * Runs before `npm start`: builds the chat UI (web/dist) and compiles the server (dist/server.mjs) when
 * either is missing or older than its sources. One process for both, so a start with nothing to
 * build costs one TypeScript loader start-up rather than two. `--server-only` (npm run build:server)
 * compiles the server alone.
 */
import { ensureServerBundle } from '../server/build-if-stale.js';
import { ensureWebBuild } from '../web/build-if-stale.js';

try {
  if (!process.argv.includes('--server-only')) await ensureWebBuild();
  await ensureServerBundle();
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
}
