import { useId, useState, type FocusEvent, type MouseEvent } from 'react';
import { citationLabel } from '../message-parts';
import type { Citation } from '../types';

interface Props {
  citation: Citation;
  onOpen: (citation: Citation) => void;
}

/** Room the tooltip needs; below this it opens under the chip or shifts sideways instead of being cut off. */
const TIP_HEIGHT = 150;
const TIP_HALF_WIDTH = 170;

/** The [n] of an answer: a button that opens the cited article; hover or focus shows where it is from. */
export function CitationChip({ citation, onOpen }: Props) {
  const tipId = useId();
  const [place, setPlace] = useState('');
  const label = citationLabel(citation);
  const quote = citation.quote.replace(/\s+/g, ' ').trim();

  const measure = (e: MouseEvent<HTMLElement> | FocusEvent<HTMLElement>) => {
    const chip = e.currentTarget.getBoundingClientRect();
    const box = (e.currentTarget.closest('.chat-scroll') ?? document.documentElement).getBoundingClientRect();
    const mid = chip.left + chip.width / 2;
    setPlace([chip.top - box.top < TIP_HEIGHT ? ' tip-below' : '', mid - box.left < TIP_HALF_WIDTH ? ' tip-left' : box.right - mid < TIP_HALF_WIDTH ? ' tip-right' : ''].join(''));
  };

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: the span only measures where the tooltip goes; the button inside is what the user operates.
    <span className={`cite${place}`} onMouseEnter={measure} onFocus={measure}>
      <button type="button" className="cite-chip" data-cite={citation.n} aria-label={`引用 ${citation.n}：${label}`} aria-describedby={tipId} onClick={() => onOpen(citation)}>
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
