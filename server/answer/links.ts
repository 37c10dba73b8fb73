/**
 * Links in a model's sentence survive only when the cited source holds the very address: a sentence can
 * pass the support check on its words and still carry a phishing link the model was talked into. A
 * Markdown link to any other address keeps its text and loses the link; a bare or angle-bracketed
 * address that no cited source holds is removed.
 */

const MARKDOWN_LINK = /\[([^\]\n]*)\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g;
const ANGLE_LINK = /<((?:https?:\/\/|www\.)[^>\s]+)>/gi;
// The address's own characters only (RFC 3986): Chinese text right after an address is not part of it.
const BARE_URL = /(?:https?:\/\/|www\.)[A-Za-z0-9\-._~:/?#@!$&*+,;=%]+/gi;

const compact = (s: string) => s.replace(/\s+/g, '').toLowerCase();

/** The sentence with every link or address the cited texts do not hold removed (link text kept). */
export function unlinkUnsourced(sentence: string, citedTexts: readonly string[]): string {
  if (!/https?:\/\/|www\.|\]\(/i.test(sentence)) return sentence;
  const sources = citedTexts.map(compact);
  const sourced = (url: string): boolean => {
    const u = compact(url).replace(/[.,;:!?]+$/, '');
    return u.length > 0 && sources.some((s) => s.includes(u));
  };
  const out = sentence
    .replace(MARKDOWN_LINK, (m, label: string, url: string) => (sourced(url) ? m : label))
    .replace(ANGLE_LINK, (m, url: string) => (sourced(url) ? m : ''))
    .replace(BARE_URL, (url: string, at: number, whole: string) => {
      // Inside a kept Markdown link the address is the link's own.
      if (whole[at - 1] === '(' && whole.lastIndexOf('](', at) === at - 2) return url;
      return sourced(url) ? url : '';
    });
  return out.replace(/[ \t]{2,}/g, ' ').trim();
}
