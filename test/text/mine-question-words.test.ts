/**
 * Mining the question memory for lexicon candidates: an everyday word the texts lack, asked about for
 * several articles, is paired with the written words those articles share; words every article has,
 * words the texts already use and words asked about for one article only are not proposed.
 */
import { describe, expect, it } from 'vitest';
import { mineQuestionWords } from '../../embeddings/text/lexicon/mine-question-words.js';

// Three articles on lawsuits (诉讼), three on other things; 通知 is in every article.
const texts = [
  { articleId: 'a1', title: '通知', text: '当事人可以依法提起诉讼，人民法院应当受理纠纷。' },
  { articleId: 'a2', title: '通知', text: '发生合同纠纷的，当事人可以向人民法院提起诉讼。' },
  { articleId: 'a3', title: '通知', text: '劳动争议诉讼由人民法院审理，纠纷应当及时处理。' },
  { articleId: 'b1', title: '通知', text: '企业应当按时缴纳社会保险费。' },
  { articleId: 'b2', title: '通知', text: '小微企业可以享受税收优惠政策。' },
  { articleId: 'b3', title: '通知', text: '个体工商户应当办理营业执照。' },
];
// A corpus of six articles: the defaults' shares are for thousands; here half the articles is a topic.
const opts = { maxTextChunks: 0, minArticles: 3, minShared: 2, minShare: 0.5, minLift: 1.5, minTextChunks: 2, maxArticleShare: 0.6, top: 3 };

describe('mineQuestionWords', () => {
  it('pairs an everyday word asked about for several articles with the words they share', () => {
    const questions = [
      { article: 'a1', questions: ['跟老板打官司要去哪里？'] },
      { article: 'a2', questions: ['合同的事想打官司怎么办？'] },
      { article: 'a3', questions: ['劳动的事打官司找谁？'] },
      { article: 'b1', questions: ['社保每个月交多少？'] },
      { article: 'b2', questions: ['小公司能少交税吗？'] },
      { article: 'b3', questions: ['摆摊要办执照吗？'] },
    ];
    const found = mineQuestionWords(texts, questions, new Set(), opts);
    const lawsuit = found.find((c) => c.term === '打官司');
    expect(lawsuit?.written).toContain('诉讼');
    // 通知 is in every article: it says nothing about 打官司.
    expect(lawsuit?.written).not.toContain('通知');
    // 摆摊 is asked about for one article only: no statistics to go on.
    expect(found.find((c) => c.term === '摆摊')).toBeUndefined();
    // A term the lexicon has already is not proposed again.
    expect(mineQuestionWords(texts, questions, new Set(['打官司']), opts).find((c) => c.term === '打官司')).toBeUndefined();
  });
});
