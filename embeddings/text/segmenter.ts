/**
 * The Chinese segmenter (jieba): the only module that loads @node-rs/jieba. Its dictionary is loaded
 * once per process, on first use (it takes ~0.3 s), and every caller shares that one instance.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** A word with its part-of-speech tag (ns: place name, eng: Latin-script word, …). */
export interface TaggedWord {
  word: string;
  tag: string;
}

interface JiebaLike {
  cut(sentence: string, hmm?: boolean): string[];
  cutForSearch(sentence: string, hmm?: boolean): string[];
  tag(sentence: string, hmm?: boolean): TaggedWord[];
}

let jieba: JiebaLike | undefined;
let loads = 0;

function segmenter(): JiebaLike {
  if (!jieba) {
    const { Jieba } = require('@node-rs/jieba') as { Jieba: { withDict(d: Uint8Array): JiebaLike } };
    const { dict } = require('@node-rs/jieba/dict') as { dict: Uint8Array };
    jieba = Jieba.withDict(dict);
    loads++;
  }
  return jieba;
}

/** Words of a text, in order (`hmm`: let the HMM guess words missing from the dictionary). */
export function cut(text: string, hmm: boolean): string[] {
  return segmenter().cut(text, hmm);
}

/** Search mode: also the shorter words inside long ones (中华人民共和国 also gives 中华, 人民, 共和国). */
export function cutForSearch(text: string, hmm: boolean): string[] {
  return segmenter().cutForSearch(text, hmm);
}

/** Words with their part-of-speech tags. */
export function tag(text: string, hmm: boolean): TaggedWord[] {
  return segmenter().tag(text, hmm);
}

/** How many times this process has loaded the dictionary: 0 before the first use, then 1. */
export function segmenterLoads(): number {
  return loads;
}
