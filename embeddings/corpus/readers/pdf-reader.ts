/**
 * PDF text through pdfjs-dist (Mozilla's PDF.js), with its CMaps so Chinese fonts encoded by CID map to
 * Unicode. Lines are rebuilt from the text items' end-of-line marks, pages joined with line breaks; lines
 * that repeat at the top or bottom of most pages (running headers, footers) and page numbers are dropped.
 * Kangxi radicals and hard wraps are the cleaner's (clean.ts), as for the bundled corpus.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { DocumentReader } from './reader-types.js';
import { UnreadableDocumentError } from './reader-types.js';

const require = createRequire(import.meta.url);

/** pdfjs-dist's data folders, as file URLs ending in a slash (what its Node loader expects). */
function dataUrl(folder: string): string {
  return `${pathToFileURL(path.join(path.dirname(require.resolve('pdfjs-dist/package.json')), folder)).href}/`;
}

/** Fewer non-space characters than this per page: a scan without a text layer, not a text PDF. */
const MIN_CHARS_PER_PAGE = 20;
/** Lines this close to a page's top or bottom are checked for repeating headers and footers. */
const EDGE_LINES = 2;

const PAGE_NUMBER = /^[-—–\s]*(第\s*\d+\s*页(\s*[/，,]?\s*共\s*\d+\s*页)?|\d+\s*\/\s*\d+|[-—–]?\s*\d{1,4}\s*[-—–]?|page\s*\d+(\s*of\s*\d+)?)[-—–\s]*$/i;

interface TextItemLike {
  str: string;
  hasEOL?: boolean;
}

export async function pdfPages(bytes: Uint8Array, file: string): Promise<string[][]> {
  // Loaded on first use: the server never pays for PDF.js unless a PDF arrives.
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  let doc: Awaited<ReturnType<typeof pdfjs.getDocument>['promise']>;
  try {
    doc = await pdfjs.getDocument({
      data: new Uint8Array(bytes),
      cMapUrl: dataUrl('cmaps'),
      cMapPacked: true,
      standardFontDataUrl: dataUrl('standard_fonts'),
      isEvalSupported: false,
      disableFontFace: true,
      useSystemFonts: false,
      verbosity: 0,
    }).promise;
  } catch (e) {
    const why = (e as Error).name === 'PasswordException' ? '它有密码保护' : '它不是有效的 PDF 文件（可能已损坏）';
    throw new UnreadableDocumentError(file, `${file}：无法读取，${why}。`, { cause: e });
  }
  try {
    const pages: string[][] = [];
    for (let p = 1; p <= doc.numPages; p++) {
      const page = await doc.getPage(p);
      const content = await page.getTextContent();
      let line = '';
      const lines: string[] = [];
      for (const item of content.items as TextItemLike[]) {
        if (typeof item.str !== 'string') continue;
        line += item.str;
        if (item.hasEOL) {
          lines.push(line);
          line = '';
        }
      }
      if (line) lines.push(line);
      pages.push(lines.map((l) => l.replace(/\s+$/, '')).filter((l) => l.trim()));
      page.cleanup();
    }
    return pages;
  } finally {
    await doc.destroy();
  }
}

/** Lines at the top or bottom of at least half the pages (three pages or more), and page numbers. */
export function withoutPageFurniture(pages: string[][]): string[] {
  const edgeCount = new Map<string, number>();
  if (pages.length >= 3) {
    for (const lines of pages) {
      const edges = new Set([...lines.slice(0, EDGE_LINES), ...lines.slice(-EDGE_LINES)].map((l) => l.trim()));
      for (const l of edges) edgeCount.set(l, (edgeCount.get(l) ?? 0) + 1);
    }
  }
  const repeated = (l: string): boolean => (edgeCount.get(l.trim()) ?? 0) >= Math.max(3, pages.length / 2);
  return pages.flatMap((lines) =>
    lines.filter((l, i) => {
      const atEdge = i < EDGE_LINES || i >= lines.length - EDGE_LINES;
      return !(atEdge && (PAGE_NUMBER.test(l.trim()) || repeated(l)));
    }),
  );
}

export const pdfReader: DocumentReader = {
  name: 'pdf',
  extensions: ['.pdf'],
  async read(bytes, file) {
    const pages = await pdfPages(bytes, file);
    const chars = pages.flat().join('').replace(/\s/g, '').length;
    if (pages.length === 0 || chars < MIN_CHARS_PER_PAGE * pages.length) {
      throw new UnreadableDocumentError(file, `${file}：PDF 中没有可提取的文字（${pages.length} 页，${chars} 个字符），可能是扫描件。请上传带文字层的 PDF，或先做文字识别（OCR）。`);
    }
    return withoutPageFurniture(pages).join('\n');
  },
};
