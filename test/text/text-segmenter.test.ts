/**
 * The segmenter (embeddings/text/segmenter.ts) is the one module that loads jieba: lazily, once, for
 * every caller (tokens, key terms, part-of-speech tags).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cut, cutForSearch, segmenterLoads, tag } from '../../embeddings/text/segmenter.js';
import { keyTerms } from '../../embeddings/text/terms.js';
import { tokenize } from '../../embeddings/text/tokenize.js';

function sources(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) sources(p, out);
    else if (/\.tsx?$/.test(name)) out.push(p);
  }
  return out;
}

describe('the segmenter', () => {
  it('loads its dictionary once, on first use, for every caller', () => {
    expect(segmenterLoads()).toBe(0);
    expect(cut('小型微利企业所得税优惠', true)).toContain('所得税');
    expect(cutForSearch('中华人民共和国', true)).toEqual(expect.arrayContaining(['中华', '人民', '共和国']));
    expect(tag('上海市的企业', true).find((t) => t.word === '上海市')?.tag).toBe('ns');
    tokenize('企业名称登记');
    keyTerms('社保怎么交？', { question: true });
    expect(segmenterLoads()).toBe(1);
  });

  it('is the only source module that names @node-rs/jieba', () => {
    const loaders = ['embeddings', 'server', 'eval'].flatMap((d) => sources(d)).filter((f) => /['"]@node-rs\/jieba['"/]/.test(readFileSync(f, 'utf8')));
    expect(loaders).toEqual([path.join('embeddings', 'text', 'segmenter.ts')]);
  });

  it('gives key terms with a letter, digit or Han character: an ellipsis (… normalised to ...) is not one', () => {
    const { words } = keyTerms('…按20%的税率缴纳企业所得税…');
    expect(words).toEqual(expect.arrayContaining(['20%', '税率', '所得税']));
    expect(words).not.toContain('...');
  });
});
