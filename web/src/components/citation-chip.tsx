import { useId } from 'react';
import { citationLabel } from '../message-parts';
import type { Citation } from '../types';

interface Props {
  citation: Citation;
  onOpen: (citation: Citation) => void;
}

/** The [n] of an answer: a button that opens the cited article; hover or focus shows where it is from. */
export function CitationChip({ citation, onOpen }: Props) {
  const tipId = useId();
  const label = citationLabel(citation);
  const quote = citation.quote.replace(/\s+/g, ' ').trim();
  return (
    <span className="cite">
      <button
        type="button"
        className="cite-chip"
        data-cite={citation.n}
        aria-label={`引用 ${citation.n}：${label}`}
        aria-describedby={tipId}
        onClick={() => onOpen(citation)}
      >
        {citation.n}
      </button>
      <span role="tooltip" id={tipId} className="cite-tip">
        <span className="cite-tip-title">{label}</span>
        {citation.doc.docNo && <span className="cite-tip-meta">{citation.doc.docNo}</span>}
        {quote && <span className="cite-tip-quote">{quote.length > 90 ? `${quote.slice(0, 90)}…` : quote}</span>}
        {citation.validityNote && <span className="cite-tip-warn">{citation.validityNote}</span>}
      </span>
    </span>
  );
}
