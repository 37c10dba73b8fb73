/**
 * HTML pages saved from a government site: the text of the page's body, one block element a line.
 * Scripts, styles, navigation, headers and footers go; entities are decoded. Hand-written on purpose:
 * a policy page is simple markup, and what matters (block boundaries become line breaks, for the
 * splitter's 第X条 and 一、) is a few rules, not a DOM.
 */
import type { DocumentReader } from './reader-types.js';
import { UnreadableDocumentError } from './reader-types.js';
import { decodeUtf8 } from './text-reader.js';

const DROP = /<(script|style|noscript|template|head|nav|header|footer|aside|form|button|select|svg|iframe)\b[\s\S]*?<\/\1\s*>/gi;
const BLOCK = /<\/?(p|div|br|li|ul|ol|tr|table|h[1-6]|section|article|blockquote|pre|dd|dt|dl|center|hr)\b[^>]*>/gi;
const NAMED: Record<string, string> = {
  nbsp: ' ',
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  ldquo: '“',
  rdquo: '”',
  lsquo: '‘',
  rsquo: '’',
  mdash: '—',
  ndash: '–',
  hellip: '…',
  middot: '·',
  emsp: ' ',
  ensp: ' ',
  ideographicspace: '\u3000',
};

export function htmlToText(html: string): string {
  const body = /<body\b[^>]*>([\s\S]*)<\/body>/i.exec(html)?.[1] ?? html;
  return body
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(DROP, '')
    .replace(BLOCK, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
      if (e[0] === '#') {
        const code = e[1] === 'x' || e[1] === 'X' ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1));
        return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : m;
      }
      return NAMED[e.toLowerCase()] ?? m;
    })
    .split('\n')
    .map((l) => l.replace(/[ \t\u00a0]+/g, ' ').trim())
    .filter(Boolean)
    .join('\n');
}

export const htmlReader: DocumentReader = {
  name: 'html',
  extensions: ['.html', '.htm'],
  async read(bytes, file) {
    const text = htmlToText(decodeUtf8(bytes, file));
    if (!text.trim()) throw new UnreadableDocumentError(file, `${file}：网页中没有正文文字。`);
    return text;
  },
};
