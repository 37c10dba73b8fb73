/**
 * What a question says beyond its words: which articles it names (第43条 = 第四十三条) and which
 * documents (国办发(2024)3 号 = 国办发〔2024〕3号). The rewritten text spells both the way the
 * corpus does, so the dense side sees the same tokens the chunks were embedded with.
 */
import { ARTICLE_REF, articleLabel, articleNumbers } from '../../embeddings/text/numerals.js';
import { findDocNumbers, formatDocNumber, type DocNumber } from '../../embeddings/text/doc-number.js';
import { singleSpaced } from '../../embeddings/text/normalize.js';
import { stripQuestionWords } from '../../embeddings/text/stopwords.js';

export interface AnalysedQuery {
  /** As the user typed it. */
  raw: string;
  /** Article numbers in the corpus's spelling (第四十三条), 文号 in canonical form. */
  text: string;
  /** `text` without question words (什么, 能不能, 吗): what is searched. */
  content: string;
  /** Policy words for the question's everyday words (query-expansion.ts), searched at a lower weight. */
  expansions: string[];
  /** Article numbers named, e.g. `['43']` (see articleNumbers). */
  articles: string[];
  docNumbers: DocNumber[];
}

const DOC_NO_LOOSE = /[\u4e00-\u9fa5A-Za-z]{1,12}\s*[〔(（[［【]\s*(?:19|20)\d{2}\s*[〕)）\]］】]\s*第?\s*\d{1,5}\s*号/g;

export function analyseQuery(raw: string, expand: (text: string) => string[] = () => []): AnalysedQuery {
  const norm = singleSpaced(raw);
  const docNumbers = findDocNumbers(norm);
  const articles = articleNumbers(norm);
  const text = norm
    .replace(ARTICLE_REF, (m) => {
      const [num] = articleNumbers(m);
      return num ? articleLabel(num) : m;
    })
    .replace(DOC_NO_LOOSE, (m) => {
      const [d] = findDocNumbers(m);
      return d ? formatDocNumber(d) : m;
    });
  return { raw, text, content: stripQuestionWords(text), expansions: expand(text), articles, docNumbers };
}
