/**
 * The answer renderer: [n] markers become citation chips, Markdown renders, and markup in an
 * answer is shown as text (rendered to static HTML with the real components).
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { markersIn, splitMarkers } from '../../web/src/citation-markers';
import { AnswerMarkdown } from '../../web/src/components/markdown';
import { citationLabel } from '../../web/src/message-parts';
import type { Citation } from '../../web/src/types';

const doc = { id: 'd1', title: '企业名称登记管理规定', docNo: '国务院令第734号', issuer: '国务院', file: '002.txt' };
const citations: Citation[] = [
  { n: 1, chunkId: 'd1:4:0', quote: '企业名称应当使用规范汉字', article: '第五条', doc },
  { n: 2, chunkId: 'd1:7:0', quote: '企业名称中的字号应当由两个以上汉字组成', article: '第八条', doc },
];

function render(text: string): string {
  return renderToStaticMarkup(createElement(AnswerMarkdown, { text, citations, onOpenCitation: () => {} }));
}

describe('citation markers', () => {
  it('splits grouped and single markers into citation nodes in order', () => {
    const parts = splitMarkers('应当使用规范汉字[1]，字号由两个以上汉字组成[1,2]。')!;
    expect(parts.map((p) => p.type)).toEqual(['text', 'citationMarker', 'text', 'citationMarker', 'citationMarker', 'text']);
    expect(markersIn('甲[2]乙[1、2]丙[3]')).toEqual([2, 1, 3]);
    expect(splitMarkers('没有引用的句子。')).toBeUndefined();
  });

  it('renders each [n] as a chip button naming the cited document and article', () => {
    const html = render('企业名称应当使用规范汉字[1]。字号应当由两个以上汉字组成[2]。');
    expect(html.match(/<button[^>]*class="cite-chip"/g)).toHaveLength(2);
    expect(html).toContain('aria-label="引用 1：《企业名称登记管理规定》第五条"');
    expect(html).toContain('aria-label="引用 2：《企业名称登记管理规定》第八条"');
    expect(html).not.toContain('[1]');
  });

  it('leaves a marker without a citation as visible text, and markers in code alone', () => {
    const html = render('未核实的说法[7]。代码 `a[1]` 不变。');
    expect(html).toContain('<span class="cite-missing">[7]</span>');
    expect(html).toContain('<code>a[1]</code>');
  });
});

describe('answer layout', () => {
  it('keeps one cited passage per line', () => {
    const html = render('《企业名称登记管理规定》第五条：企业名称应当使用规范汉字。[1]\n《企业名称登记管理规定》第八条：字号应当由两个以上汉字组成。[2]');
    expect(html).toMatch(/使用规范汉字。<span class="cite">.*<\/span><\/p>\n?<p>《企业名称登记管理规定》第八条/);
  });

  it('labels citations the way the document numbers them', () => {
    const label = (article: string) => citationLabel({ ...citations[0], article });
    expect(label('第五条')).toBe('《企业名称登记管理规定》第五条');
    expect(label('二')).toBe('《企业名称登记管理规定》 二、');
    expect(label('（三）')).toBe('《企业名称登记管理规定》 （三）');
    expect(label('正文')).toBe('《企业名称登记管理规定》');
  });
});

describe('safe Markdown', () => {
  it('renders lists and bold', () => {
    const html = render('要求如下：\n\n- **使用规范汉字**[1]\n- 字号两个以上汉字[2]');
    expect(html).toContain('<ul>');
    expect(html).toContain('<strong>使用规范汉字</strong>');
  });

  it('shows script tags and event-handler markup as text, never as elements', () => {
    const html = render('回答<script>alert(1)</script>与<img src=x onerror="alert(2)">结束[1]\n\n<div onclick="x()">块</div>');
    expect(html).not.toMatch(/<script|<img|<div onclick/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;img src=x onerror=&quot;alert(2)&quot;&gt;');
  });

  it('drops images and unsafe link targets', () => {
    const html = render('![图](http://example.com/x.png) [链接](javascript:alert(1))');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('javascript:');
  });
});
