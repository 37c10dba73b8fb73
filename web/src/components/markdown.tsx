/**
 * Answers as Markdown (lists, bold, headings, links) and nothing more: there is no raw-HTML plugin,
 * so `<script>` or `<img onerror>` in a model's answer or a document arrives here as text and is
 * shown as text. Images are dropped: the product runs offline and answers never need them.
 */
import { memo, useMemo } from 'react';
import Markdown, { type Components } from 'react-markdown';
import { remarkCitationMarkers } from '../citation-markers';
import type { Citation } from '../types';
import { CitationChip } from './citation-chip';

interface Props {
  text: string;
  citations: Citation[];
  onOpenCitation: (citation: Citation) => void;
}

const remarkPlugins = [remarkCitationMarkers];

export const AnswerMarkdown = memo(function AnswerMarkdown({ text, citations, onOpenCitation }: Props) {
  const components = useMemo<Components>(() => {
    const byN = new Map(citations.map((c) => [c.n, c]));
    return {
      cite: ({ node }) => {
        const n = Number(node?.properties?.dataN);
        const citation = byN.get(n);
        // A marker the server did not back with a citation stays visible as plain text.
        return citation ? <CitationChip citation={citation} onOpen={onOpenCitation} /> : <span className="cite-missing">[{n}]</span>;
      },
      a: ({ href, children }) => (
        <a href={href} target="_blank" rel="noopener noreferrer nofollow">
          {children}
        </a>
      ),
    };
  }, [citations, onOpenCitation]);

  return (
    <div className="markdown">
      <Markdown remarkPlugins={remarkPlugins} components={components} disallowedElements={['img']}>
        {text}
      </Markdown>
    </div>
  );
});
