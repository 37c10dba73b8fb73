/**
 * How people ask, not what they ask about: 什么, 怎么办, 能不能, 吗, 我们. Policy texts rarely contain
 * these words, so BM25 gives them a high idf and they pull in the few FAQ-style chunks
 * (政策解读：…是什么？) for every question. They are removed from the query before search.
 * Content words stay even when common in questions (规定, 条, 多少 stays out: it has no content).
 */
import { segment } from '../../embeddings/tokenizer.js';

const WORDS = `
什么 什么样 什么时候 怎么 怎样 怎么样 怎么办 如何 为什么 为何 为啥 哪 哪些 哪个 哪里 哪儿 哪几 哪种 哪家 哪两家 几 几个 几种 几回 几次 几天
多少 多久 多长 多长时间 多大 多高 多少钱 是否 是不是 有没有 能不能 能否 可否 可不可以 要不要 需不需要 会不会 算不算 行不行 对不对
吗 呢 吧 啊 呀 嘛 么 哦 请问 请 想问 问 问一下 一下 知道 告诉 我 我们 你 你们 咱们 他们 她们 自己 本人 俺
还 还要 还得 就 都 也 又 再 却 才 呗 啦 了 的 地 得 着 过 里 讲 说 说了 讲了 讲的是 说的是 指 是 有 些 个 这 那 这个 那个 这种 那种 这些 那些
`;

const STOP = new Set(WORDS.split(/\s+/).filter(Boolean));

export function isQuestionWord(w: string): boolean {
  return STOP.has(w);
}

/**
 * The question with its question words replaced by a comma, so no bigram is formed across the gap
 * (企业什么条件 must not yield 业条).
 */
export function stripQuestionWords(text: string): string {
  const out: string[] = [];
  for (const w of segment(text)) out.push(STOP.has(w) ? '，' : w);
  return out.join('');
}
