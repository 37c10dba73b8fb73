/**
 * A bring-your-own Markdown corpus: heading marks are not text. "# …办法" names the document (not "# …"
 * and not the file name), "## 第一章" is a chapter, and the PDF page markers "# Page 3:" still go whole.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { normaliseLine } from '../../embeddings/corpus/clean.js';
import { loadCorpus } from '../../embeddings/corpus/load-corpus.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'cewen-md-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('Markdown headings', () => {
  it('the title of a .md document is its "# " heading, without the mark', async () => {
    writeFileSync(
      path.join(dir, 'policy.md'),
      '# 某市小微企业扶持资金管理办法\n\n## 第一章 总则\n\n第一条 为了支持小微企业发展，制定本办法。\n\n第二条 本办法所称小微企业，是指在本市登记注册的小型、微型企业。\n\n第三条 扶持资金由市财政局负责管理。\n',
    );
    const corpus = await loadCorpus(dir);
    expect(corpus.problems).toEqual([]);
    expect(corpus.documents.map((d) => d.title)).toEqual(['某市小微企业扶持资金管理办法']);
    const labels = corpus.documents[0].articles.map((a) => a.label);
    expect(labels).toEqual(expect.arrayContaining(['第一章', '第一条', '第二条', '第三条']));
    expect(corpus.documents[0].text).not.toContain('#');
  });

  it('strips heading marks from a line but leaves PDF page markers for the page-noise rule', () => {
    expect(normaliseLine('### 第二章 扶持方式')).toBe('第二章 扶持方式');
    expect(normaliseLine('# Page 3:')).toBe('# Page 3:');
    expect(normaliseLine('#不是标题')).toBe('#不是标题');
  });
});
