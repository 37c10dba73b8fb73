/**
 * Stop-word lists: words removed before text is compared or searched. There are three on purpose,
 * each for one use; a word in one list is not thereby a stop word for the others.
 */
import { segment } from './tokenize.js';

const words = (list: string): ReadonlySet<string> => new Set(list.split(/\s+/).filter(Boolean));

/**
 * Words that carry no claim: function words, question words, and the boilerplate of policy texts and
 * of answers about them. A term list, not a tuning knob: keep it short and obvious.
 * Never counted among the key terms of a text (terms.ts).
 */
export const NO_CLAIM_WORDS = words(`
的 了 和 与 及 以及 或 或者 等 等等 是 在 对 为 以 将 把 被 由 从 向 于 按 按照 依照 根据 依据 其 之 该 此 这 那 这个 那个
这些 那些 这样 那样 上述 下列 以下 以上 有关 相关 关于 对于 其他 其它 各 各类 各项 每 所 所有 一些 一个 一种 有 无 没有
也 还 都 就 又 再 并 并且 而 而且 但 但是 如 如果 若 则 即 即可 可 可以 能 能够 应 应当 应该 须 需 需要 要 会 得
不 非 未 已 已经 曾 将要 正在 着 过 吗 呢 吧 啊 呀 么 嘛 哪 哪些 哪个 哪里 什么 怎么 怎样 怎么样 如何 多少 几 是否
是不是 有没有 能否 可否 为什么 为何 何时 什么时候 多久 谁 请问 请 想 想问 问 一下 知道 告诉 我 我们 你 你们 他 他们 她
它 它们 咱们 自己 本 该项 中 内 外 上 下 前 后 时 里 之间 方面 情况 问题 规定 具体 主要 什么样 一般 通常 目前 现在
如下 如下所示 综上 综上所述 总之 总的来说 具体来说 简而言之 例如 比如 此外 另外 同时 首先 其次 最后
资料 资料库 文件 条 款 项 第 号 年 月 日 个 次 者 之一 进一步 加强 推进 推动 支持 鼓励 做好 有效 有序 切实 积极 着力
`);

export function isStopword(word: string): boolean {
  return NO_CLAIM_WORDS.has(word);
}

/** Words of how people ask, not of what they ask about: ignored on the question side only. */
export const ASKING_WORDS = words(`
要求 时候 部分 内容 方面 哪方面 哪几 几个 几种 一些 多长 多长时间 多大 多高 规定 明确
可以 能否 能不能 可不可以 需不需要 应该 怎么办 怎么样 为啥 有没有 是多少 有哪些 是什么 指什么 包括 包含 涉及 说 讲 提到
`);

export function isQuestionStopword(word: string): boolean {
  return ASKING_WORDS.has(word);
}

/**
 * How people ask, not what they ask about: 什么, 怎么办, 能不能, 吗, 我们. Policy texts rarely contain
 * these words, so BM25 gives them a high idf and they pull in the few FAQ-style chunks
 * (政策解读：…是什么？) for every question. They are removed from the query before search.
 * Content words stay even when common in questions (规定, 条, 多少 stays out: it has no content).
 */
export const SEARCH_QUESTION_WORDS = words(`
什么 什么样 什么时候 怎么 怎样 怎么样 怎么办 如何 为什么 为何 为啥 哪 哪些 哪个 哪里 哪儿 哪几 哪种 哪家 哪两家 几 几个 几种 几回 几次 几天
多少 多久 多长 多长时间 多大 多高 多少钱 是否 是不是 有没有 能不能 能否 可否 可不可以 要不要 需不需要 会不会 算不算 行不行 对不对
吗 呢 吧 啊 呀 嘛 么 哦 请问 请 想问 问 问一下 一下 知道 告诉 我 我们 你 你们 咱们 他们 她们 自己 本人 俺
还 还要 还得 就 都 也 又 再 却 才 呗 啦 了 的 地 得 着 过 里 讲 说 说了 讲了 讲的是 说的是 指 是 有 些 个 这 那 这个 那个 这种 那种 这些 那些
`);

export function isQuestionWord(w: string): boolean {
  return SEARCH_QUESTION_WORDS.has(w);
}

/**
 * The question with its question words replaced by a comma, so no bigram is formed across the gap
 * (企业什么条件 must not yield 业条).
 */
export function stripQuestionWords(text: string): string {
  const out: string[] = [];
  for (const w of segment(text)) out.push(SEARCH_QUESTION_WORDS.has(w) ? '，' : w);
  return out.join('');
}
