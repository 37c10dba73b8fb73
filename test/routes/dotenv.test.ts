/**
 * `.env` is read at start-up, as `.env.example` implies (every entry point in cli/ calls loadDotEnv before
 * it reads the configuration), and the environment wins over the file.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDotEnv } from '../../server/config.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'cewen-dotenv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('loadDotEnv', () => {
  it('reads the file into the environment without overriding what is set', () => {
    const file = path.join(dir, '.env');
    writeFileSync(file, '# settings\nCEWEN_TEST_FROM_FILE=file\nCEWEN_TEST_BOTH=file\n');
    process.env.CEWEN_TEST_BOTH = 'shell';
    try {
      expect(loadDotEnv(file)).toBe(true);
      expect(process.env.CEWEN_TEST_FROM_FILE).toBe('file');
      expect(process.env.CEWEN_TEST_BOTH).toBe('shell');
    } finally {
      delete process.env.CEWEN_TEST_FROM_FILE;
      delete process.env.CEWEN_TEST_BOTH;
    }
  });

  it('is a no-op without a file', () => {
    expect(loadDotEnv(path.join(dir, 'missing.env'))).toBe(false);
  });
});
