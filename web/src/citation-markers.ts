/**
 * A remark plugin that turns the answer's [n] markers into <cite data-n="n"> elements, which the
 * Markdown renderer shows as citation chips. It works on the parsed tree, not on the raw string,
 * so a marker inside code or inside a link is left alone and no Markdown syntax is produced.
 *
 * It also keeps single line breaks: answers put one cited passage per line, and in Chinese a soft
 * break rendered as a space only runs the passages together. Each line becomes its own paragraph.
 */

interface MdNode {
  type: string;
  value?: string;
  children?: MdNode[];
  data?: Record<string, unknown>;
}

/** [1] and the grouped forms models also write: [1][2], [1,2], [1、2], [1-3] is left as text. */
const MARKER = /\[(\d{1,3}(?:\s*[,，、]\s*\d{1,3})*)\]/g;
const SKIP = new Set(['code', 'inlineCode', 'link', 'linkReference', 'definition', 'html']);

export function citeNode(n: number): MdNode {
  return {
    type: 'citationMarker',
    data: {
      hName: 'cite',
      hProperties: { dataN: String(n) },
      hChildren: [{ type: 'text', value: `[${n}]` }],
    },
  };
}

/** Splits one text value into text and citation nodes; returns undefined when it has no marker. */
export function splitMarkers(value: string): MdNode[] | undefined {
  const out: MdNode[] = [];
  let last = 0;
  MARKER.lastIndex = 0;
  for (let m = MARKER.exec(value); m; m = MARKER.exec(value)) {
    if (m.index > last) out.push({ type: 'text', value: value.slice(last, m.index) });
    for (const n of m[1].split(/[,，、]/)) out.push(citeNode(Number(n.trim())));
    last = m.index + m[0].length;
  }
  if (out.length === 0) return undefined;
  if (last < value.length) out.push({ type: 'text', value: value.slice(last) });
  return out;
}

function walk(node: MdNode): void {
  if (!node.children || SKIP.has(node.type)) return;
  const next: MdNode[] = [];
  for (const child of node.children) {
    if (child.type === 'text' && typeof child.value === 'string') {
      child.value.split('\n').forEach((line, i) => {
        if (i > 0) next.push({ type: 'break' });
        if (!line) return;
        const parts = splitMarkers(line);
        if (parts) next.push(...parts);
        else next.push({ type: 'text', value: line });
      });
    } else {
      walk(child);
      next.push(...(child.type === 'paragraph' ? splitParagraph(child) : [child]));
    }
  }
  node.children = next;
}

function splitParagraph(p: MdNode): MdNode[] {
  const kids = p.children ?? [];
  if (!kids.some((k) => k.type === 'break')) return [p];
  const out: MdNode[] = [];
  let run: MdNode[] = [];
  for (const k of [...kids, { type: 'break' }]) {
    if (k.type !== 'break') run.push(k);
    else if (run.length) {
      out.push({ ...p, children: run });
      run = [];
    }
  }
  return out;
}

export function remarkCitationMarkers() {
  return (tree: MdNode) => walk(tree);
}

/** The citation numbers in order of first appearance in an answer text. */
export function markersIn(text: string): number[] {
  const seen = new Set<number>();
  MARKER.lastIndex = 0;
  for (let m = MARKER.exec(text); m; m = MARKER.exec(text)) {
    for (const n of m[1].split(/[,，、]/)) seen.add(Number(n.trim()));
  }
  return [...seen];
}
