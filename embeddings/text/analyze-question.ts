/**
 * One analysis of a question, made once per request and read by every later step: the retriever's
 * sources and stages, the answer's confidence and the extractive model. What it holds beyond the
 * words: the articles it names (第43条 = 第四十三条), the documents (国办发(2024)3 号 = 国办发〔2024〕3号),
 * the provinces, the kind of answer asked for, the key terms, the terms the corpus must contain, and
 * the written forms of its everyday words (the lexicon). `text` spells article numbers and 文号 the way
 * the corpus does, so the dense side sees the tokens the chunks were embedded with.
 *
 * The parts only the answer needs (key terms, must-match terms, kinds) are computed on first read, so
 * a plain search never pays for them, and an answer never computes them twice.
 */
import { type DocNumber, findDocNumbers, formatDocNumber } from './doc-number.js';
import { normalizeForMatching, singleSpaced } from './normalize.js';
import { ARTICLE_REF, articleLabel, articleNumbers } from './numerals.js';
import { type AnswerKind, type AnswerType, answerKinds, expectedAnswer, numberUnit } from './question-kind.js';
import { provincesNamed } from './region.js';
import { cut, tag as tagWords } from './segmenter.js';
import { isStopword, stripQuestionWords } from './stopwords.js';
import { type KeyTerms, keyTerms } from './terms.js';

export interface AnalyzedQuestion {
  /** As the user typed it (after the follow-up rewrite). */
  readonly raw: string;
  /** Article numbers in the corpus's spelling (第四十三条), 文号 in canonical form. */
  readonly text: string;
  /** `text` without question words (什么, 能不能, 吗): what is searched. */
  readonly content: string;
  /** Written forms of the question's everyday words and abbreviations (the lexicon), searched at a lower weight. */
  readonly expansions: string[];
  /** Article numbers named, e.g. `['43']`. */
  readonly articles: string[];
  readonly docNumbers: DocNumber[];
  /** Provinces named (江苏的…). */
  readonly regions: string[];
  /** The kind of answer retrieval's rerank looks for (a period, a date, a number, a definition, a body). */
  readonly expected: AnswerType;
  /** The kinds of sentence that answer it (number, when, who, list). */
  readonly kinds: AnswerKind[];
  /** The unit a number question asks in (元, %, 岁, a period), when it says. */
  readonly unit: RegExp | undefined;
  /** Key terms without question words. */
  readonly terms: KeyTerms;
  /** `terms` without the segmenter's glued guesses: what the confidence measures coverage of. */
  readonly coreTerms: KeyTerms;
  /** Places, Latin-script names and numbers a chunk must contain to answer. */
  readonly mustMatch: string[];
}

const DOC_NO_LOOSE = /[\u4e00-\u9fa5A-Za-z]{1,12}\s*[〔(（[［【]\s*(?:19|20)\d{2}\s*[〕)）\]］】]\s*第?\s*\d{1,5}\s*号/g;

/** `expand` gives the lexicon's written forms for a text (none by default). */
export function analyzeQuestion(raw: string, expand: (text: string) => string[] = () => []): AnalyzedQuestion {
  const norm = singleSpaced(raw);
  const text = norm
    .replace(ARTICLE_REF, (m) => {
      const [num] = articleNumbers(m);
      return num ? articleLabel(num) : m;
    })
    .replace(DOC_NO_LOOSE, (m) => {
      const [d] = findDocNumbers(m);
      return d ? formatDocNumber(d) : m;
    });
  const lazy: Partial<Pick<AnalyzedQuestion, 'regions' | 'expected' | 'kinds' | 'unit' | 'terms' | 'coreTerms' | 'mustMatch'>> = {};
  const once = <K extends keyof typeof lazy>(key: K, make: () => AnalyzedQuestion[K]): AnalyzedQuestion[K] => {
    if (!(key in lazy)) lazy[key] = make();
    return lazy[key] as AnalyzedQuestion[K];
  };
  return {
    raw,
    text,
    content: stripQuestionWords(text),
    expansions: expand(text),
    articles: articleNumbers(norm),
    docNumbers: findDocNumbers(norm),
    get regions() {
      return once('regions', () => provincesNamed(text));
    },
    get expected() {
      return once('expected', () => expectedAnswer(raw));
    },
    get kinds() {
      return once('kinds', () => answerKinds(raw));
    },
    get unit() {
      return once('unit', () => numberUnit(raw));
    },
    get terms() {
      return once('terms', () => keyTerms(raw, { question: true }));
    },
    get coreTerms() {
      return once('coreTerms', () => questionTerms(raw));
    },
    get mustMatch() {
      return once('mustMatch', () => mustMatchTerms(raw));
    },
  };
}

/** A question as analysed, whether it came analysed or as text. */
export function analyzed(question: string | AnalyzedQuestion): AnalyzedQuestion {
  return typeof question === 'string' ? analyzeQuestion(question) : question;
}

/**
 * The question's key terms for the confidence, without the words jieba's guesser makes of a function
 * character glued to its neighbour: on runs of single characters it invents words (要出, 年定, 里会 from
 * 平台自己至少要出多少钱, 2025年定了, 一年里会不会) that no text contains. Everyday phrasing has many
 * such runs, and each such word counted as uncovered with the highest idf, as if the question asked
 * about something the corpus lacks. A guessed word of content characters only (加分, 刷单) stays.
 */
export function questionTerms(question: string): KeyTerms {
  const all = keyTerms(question, { question: true });
  const dictionary = new Set(cut(normalizeForMatching(question), false));
  const glued = (w: string): boolean => !dictionary.has(w) && CJK.test(w) && [...w].some((c) => isStopword(c));
  const words = all.words.filter((w) => !glued(w));
  const inWords = (b: string): boolean => words.some((w) => w.includes(b));
  return { words, bigrams: all.bigrams.filter(inWords) };
}

/** Places too general to pin a question to another jurisdiction. */
const GENERAL_PLACES = new Set(['中国', '全国', '国家', '我国', '外国', '境外', '境内', '国内', '各地', '地方', '中央', '本地', '外地', '省里', '东西', '上门', '新建']);

/** Places, Latin-script names and numbers of two or more digits the question names. */
export function mustMatchTerms(question: string): string[] {
  const tagged = tagWords(normalizeForMatching(question), true);
  const out: string[] = [];
  for (const { word, tag } of tagged) {
    const keep =
      (tag === 'ns' && [...word].length >= 2 && !GENERAL_PLACES.has(word)) ||
      (tag === 'eng' && word.length >= 2) ||
      (/^\d+(\.\d+)?%?$/.test(word) && word.replace(/\D/g, '').length >= 2);
    if (keep && !out.includes(word)) out.push(word);
  }
  return out;
}

const CJK = /[\u3400-\u9fff]/;
