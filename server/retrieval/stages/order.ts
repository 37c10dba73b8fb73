/** Orders the combined scores, best first: the stage every pipeline ends its scoring with. */
import { byScore, type RankStage, type RankState } from '../rank-state.js';

export const orderStage: RankStage = {
  name: 'order',
  run(s: RankState) {
    s.order = [...s.scores].map(([chunk, score]) => ({ chunk, score })).sort(byScore);
  },
};
