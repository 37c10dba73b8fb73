/**
 * Indexes for tests, built once and shared: by the test files of one run (a lock beside the folder
 * makes parallel workers wait for one build) and across runs (the manifest says when it is stale).
 *
 * - fixtureIndex(): the corpus fixtures (test/fixtures/corpus, cut from data/corpus), ~100 chunks,
 *   a few seconds to build: for behaviour that needs real text but not the whole corpus.
 * - realIndex(): the bundled corpus, in the same folder the real-server tests use.
 */
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openQueryParts, type OpenedIndex } from '../../server/runtime.js';
import { TEST_INDEX_DIR } from './real-server.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const FIXTURE_CORPUS = path.join(ROOT, 'test/fixtures/corpus');
export const FIXTURE_INDEX_DIR = path.join(os.tmpdir(), 'cewen-test-fixture-index');

let fixture: Promise<OpenedIndex> | undefined;
let real: Promise<OpenedIndex> | undefined;

export function fixtureIndex(): Promise<OpenedIndex> {
  fixture ??= openQueryParts({ corpusDir: FIXTURE_CORPUS, indexDir: FIXTURE_INDEX_DIR, embeddings: { kind: 'local' } });
  return fixture;
}

export function realIndex(): Promise<OpenedIndex> {
  real ??= openQueryParts({ corpusDir: path.join(ROOT, 'data/corpus'), indexDir: TEST_INDEX_DIR, embeddings: { kind: 'local' } });
  return real;
}
