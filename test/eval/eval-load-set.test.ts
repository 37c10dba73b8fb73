import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EvalSetError, loadSet, parseSet } from '../../eval/load-set.js';
import { MINI_SET } from './eval-fakes.js';

const good = (over: Record<string, unknown> = {}) =>
  JSON.stringify({
    id: 'q1',
    question: '企业能登记几个名称？',
    answer: '一个。',
    evidence: ['企业只能登记一个企业名称'],
    doc: '企业名称登记管理规定',
    type: 'fact',
    keywords: ['一个'],
    ...over,
  });

function problemsOf(text: string) {
  try {
    parseSet(text, 'x.jsonl');
  } catch (err) {
    expect(err).toBeInstanceOf(EvalSetError);
    return (err as EvalSetError).problems;
  }
  throw new Error('expected the set to be rejected');
}

describe('loading an evaluation set', () => {
  it('loads the fixture set with line numbers and every field', async () => {
    const items = await loadSet(MINI_SET);
    expect(items).toHaveLength(8);
    expect(items[0]).toMatchObject({ id: 'm-name-chars', type: 'number', line: 1, keywords: ['两个以上汉字'] });
    expect(items.filter((i) => i.type === 'unanswerable').map((i) => i.evidence)).toEqual([[], []]);
  });

  it('skips blank lines but keeps the file line numbers', () => {
    const items = parseSet(`\n${good()}\n\n${good({ id: 'q2' })}\n`);
    expect(items.map((i) => [i.id, i.line])).toEqual([
      ['q1', 2],
      ['q2', 4],
    ]);
  });

  it('names the line of invalid JSON', () => {
    const problems = problemsOf(`${good()}\n{"id": "q2", "question": \n`);
    expect(problems).toHaveLength(1);
    expect(problems[0].line).toBe(2);
    expect(problems[0].message).toMatch(/invalid JSON/);
  });

  it('names missing fields', () => {
    const { question: _q, keywords: _k, ...rest } = JSON.parse(good()) as Record<string, unknown>;
    const problems = problemsOf(`${good()}\n${good({ id: 'q2' })}\n${JSON.stringify(rest)}`);
    expect(problems).toEqual([{ line: 3, message: 'missing fields "question", "keywords"' }]);
  });

  it('names an unknown type and lists the valid ones', () => {
    const [p] = problemsOf(good({ type: 'opinion' }));
    expect(p.line).toBe(1);
    expect(p.message).toContain('unknown type "opinion"');
    expect(p.message).toContain('fact, number, article, who, docno, list, multi, unanswerable');
  });

  it('rejects an unanswerable item with evidence, and an answerable one without', () => {
    const problems = problemsOf(`${good({ type: 'unanswerable' })}\n${good({ id: 'q2', evidence: [] })}`);
    expect(problems).toEqual([
      { line: 1, message: 'type "unanswerable" must have "evidence": [] (found 1 quote)' },
      { line: 2, message: 'type "fact" needs at least one evidence quote' },
    ]);
  });

  it('rejects wrong field types, empty quotes and duplicate ids', () => {
    const problems = problemsOf([good({ evidence: 'not a list' }), good({ id: 'q2', evidence: ['  '] }), good({ id: 'q3' }), good({ id: 'q3' }), '[1,2]'].join('\n'));
    expect(problems.map((p) => p.line)).toEqual([1, 2, 4, 5]);
    expect(problems[0].message).toBe('field "evidence" must be an array');
    expect(problems[1].message).toMatch(/"evidence" item 1 must not be an empty quote/);
    expect(problems[2].message).toBe('duplicate id "q3" (first on line 3)');
    expect(problems[3].message).toMatch(/expected a JSON object/);
  });

  it('accepts an unanswerable item without a doc', () => {
    const { doc: _d, ...rest } = JSON.parse(good({ type: 'unanswerable', evidence: [] })) as Record<string, unknown>;
    expect(parseSet(JSON.stringify(rest))[0].doc).toBe('');
  });

  it('rejects an empty file, and a missing one, saying which', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'cewen-eval-set-'));
    const empty = path.join(dir, 'empty.jsonl');
    await writeFile(empty, '\n\n');
    await expect(loadSet(empty)).rejects.toThrow(/empty\.jsonl:\n {2}the set is empty/);
    await expect(loadSet(path.join(dir, 'nope.jsonl'))).rejects.toThrow(/nope\.jsonl:\n {2}file not found/);
  });

  it('puts every problem with its line into the message', () => {
    expect(() => parseSet(`oops\n${good()}\n${good({ type: 'x' })}`, 'bad.jsonl')).toThrow(
      /Invalid evaluation set bad\.jsonl:\n {2}line 1: invalid JSON.*\n {2}line 3: unknown type "x"/,
    );
  });
});
