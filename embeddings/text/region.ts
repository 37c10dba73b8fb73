/**
 * Which province a document belongs to and which one a question asks about. Users write 江苏的…,
 * 在江苏…; a provincial document often names its province only in the 文号 (苏政规〔2023〕6号) or an
 * issuer such as 省政府, so the word 江苏 is not in its text and BM25 cannot see the match. A document's
 * region comes from its title, issuer and the abbreviation that opens its 文号; national documents have none.
 */
import { nfkc } from './normalize.js';
import type { DocumentMeta } from '../types.js';

/** Provincial-level divisions: full name (as in titles) and the one-character abbreviation used in 文号. */
const PROVINCES: [string, string][] = [
  ['北京', '京'],
  ['天津', '津'],
  ['河北', '冀'],
  ['山西', '晋'],
  ['内蒙古', '蒙'],
  ['辽宁', '辽'],
  ['吉林', '吉'],
  ['黑龙江', '黑'],
  ['上海', '沪'],
  ['江苏', '苏'],
  ['浙江', '浙'],
  ['安徽', '皖'],
  ['福建', '闽'],
  ['江西', '赣'],
  ['山东', '鲁'],
  ['河南', '豫'],
  ['湖北', '鄂'],
  ['湖南', '湘'],
  ['广东', '粤'],
  ['广西', '桂'],
  ['海南', '琼'],
  ['重庆', '渝'],
  ['四川', '川'],
  ['贵州', '黔'],
  ['云南', '云'],
  ['西藏', '藏'],
  ['陕西', '陕'],
  ['甘肃', '甘'],
  ['青海', '青'],
  ['宁夏', '宁'],
  ['新疆', '新'],
];

/** Names that contain a province's name but are national (北京证券交易所) are not regions. */
const NATIONAL = /北京证券交易所|北交所|上海证券交易所|上交所|新疆生产建设兵团/g;

/** The provinces a text names (full names only: one character such as 苏 alone is too ambiguous in prose). */
export function provincesNamed(text: string): string[] {
  const t = text.replace(NATIONAL, '');
  return PROVINCES.filter(([name]) => t.includes(name)).map(([name]) => name);
}

/** A document's province, or undefined for a national one. */
export function documentRegion(meta: Pick<DocumentMeta, 'title' | 'issuer' | 'docNo'>): string | undefined {
  const named = provincesNamed(`${meta.title} ${meta.issuer ?? ''}`);
  if (named.length === 1) return named[0];
  // 文号 such as 苏政规〔2023〕6号, 苏人社发〔2023〕25号: the first character abbreviates the province.
  const no = meta.docNo && nfkc(meta.docNo);
  if (no && /〔\d{4}〕/.test(no)) {
    const hit = PROVINCES.find(([, abbr]) => no.startsWith(abbr));
    if (hit) return hit[0];
  }
  return named[0];
}

/**
 * Regions of a corpus's documents. An issuer named only 省政府办公厅 (no province, no 文号) takes the
 * province the other documents of that exact issuer have, when they agree.
 */
export function documentRegions(metas: readonly Pick<DocumentMeta, 'title' | 'issuer' | 'docNo'>[]): (string | undefined)[] {
  const out = metas.map((m) => documentRegion(m));
  const byIssuer = new Map<string, Set<string>>();
  metas.forEach((m, i) => {
    if (!m.issuer || !out[i]) return;
    const s = byIssuer.get(m.issuer) ?? new Set<string>();
    s.add(out[i]!);
    byIssuer.set(m.issuer, s);
  });
  return out.map((r, i) => {
    const issuer = metas[i].issuer;
    if (r || !issuer?.startsWith('省')) return r;
    const s = byIssuer.get(issuer);
    return s && s.size === 1 ? [...s][0] : undefined;
  });
}
