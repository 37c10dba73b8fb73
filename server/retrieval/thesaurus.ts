/**
 * How people ask vs how policies are written. Each line: the words users type = the words the texts
 * use. When a question contains a left-hand word, the right-hand words are added to the search at a
 * lower weight (query-expansion.ts); nothing is removed. Written for the domain (business registration,
 * tax, social insurance, employment, finance, consumer protection, government services), reviewed by
 * hand; abbreviations the corpus defines itself (以下简称…) are mined at ingest and added to these.
 * The last lines are everyday and trade words for what the texts spell out in full: 监管 for 监督管理 (the
 * texts almost never shorten it), 助贷 (a lender's partner platform) for the 第三方机构 the rules address,
 * 派单 for 订单分派, 明令禁止 for 严禁/不得, 给钱 for 补助/补贴. Entries that changed no dev.jsonl result were
 * not kept (钱 → 资金, 各出 → 分担, 一起搞 → 联合, 饭店 → 餐饮, 计件工资 → 计酬, 挂牌 → 上市, 办好 → 办理完毕).
 */
export const THESAURUS = `
开公司 开个公司 开家公司 办公司 注册公司 成立公司 创办公司 开办公司 = 设立 企业 登记 市场主体
开店 开个店 开小店 开门店 摆摊 = 个体工商户 个体经营
个体户 = 个体工商户
小老板 老板 = 经营者 负责人
公司名字 公司名称 起名 取名 起名字 = 企业名称 字号
执照 = 营业执照
注销公司 公司注销 关公司 公司关了 = 注销登记 注销
关门 停业 停一阵 暂停营业 = 歇业
搬到 搬家 迁到 换地方 = 迁移 迁入地 迁出地
网上办 网上办理 = 全程网办 网上办理
跑腿 跑几趟 = 一次办 最多跑一次
个税 = 个人所得税
企税 = 企业所得税
免税 = 免征
减税 = 减征 减免
退税 = 退还 留抵退税
交税 缴税 报税 = 缴纳 纳税 申报
专票 = 增值税专用发票
全电发票 数电发票 电子发票 = 全面数字化的电子发票 数电票
金税盘 税控盘 开票设备 = 税控专用设备
小微企业 = 小型微利企业 中小微企业
小企业 = 中小企业 小微企业
研发费用 研发投入 = 研发费用 加计扣除
社保 = 社会保险
医保 = 医疗保险 医疗保障
养老金 退休金 = 基本养老金 养老保险
失业金 失业救济 = 失业保险金
公积金 = 住房公积金
五险一金 = 社会保险 住房公积金
残保金 = 残疾人就业保障金
骗保 = 骗取 社会保险基金
社保卡 = 社会保障卡
工伤 = 工伤保险
退休 = 法定退休年龄 退休
干不了活 丧失劳动能力 = 完全丧失劳动能力 劳动能力鉴定
招人 招工 雇人 招员工 = 招用 吸纳 招聘
员工 工人 = 职工 从业人员 劳动者
辞退 开除 裁员 = 解除劳动合同 裁员
工资 = 劳动报酬 工资
毕业生 大学生 应届生 = 高校毕业生
退伍军人 退伍兵 复员军人 = 退役士兵 退役军人
外卖骑手 外卖小哥 骑手 送外卖 = 网约配送员
快递小哥 = 快递员
外卖 = 网络餐饮 外卖
网购 = 网络交易 网络购买
网店 = 网络经营者 电子商务
商家 = 经营者
贷款到期 借新还旧 = 续贷 无还本续贷
续上 = 续贷
北交所 = 北京证券交易所
上交所 = 上海证券交易所
深交所 = 深圳证券交易所
新三板 = 全国中小企业股份转让系统
央行 = 中国人民银行
发改委 = 国家发展改革委 发展改革委
工信部 = 工业和信息化部
人社部 人社局 = 人力资源社会保障部 人力资源社会保障部门
税务局 = 税务机关 税务部门
市监局 工商局 = 市场监管部门 登记机关
国办 = 国务院办公厅
国企 = 国有企业
民企 = 民营企业
外企 外国公司 外资公司 = 外商投资企业 外国投资者
小巨人 = 专精特新
杀熟 大数据杀熟 = 同等交易条件下设置不同的价格
自动扣费 自动扣款 = 自动续费 自动展期
跑路 = 重大经营风险
年卡 会员卡 充值卡 预付卡 = 预付款
推销电话 骚扰电话 = 商业性电话
广告短信 = 商业性信息
退钱 退款 = 退还 退回
拖欠 欠款 拖着 = 拖欠 账款 款项支付
不用申请 自动享受 直接享受 = 免申即享
办事 = 政务服务
罚多少 怎么罚 = 罚款 处罚
老百姓 普通人 个人 = 自然人 个人 群众
卖给 卖掉 卖了 = 出售 销售
买东西 买的 = 购买 消费者
回收公司 回收站 收废品 = 资源回收企业 回收企业
名字 = 名称 姓名
自己的名字 我的名字 本人名字 = 自然人 姓名
留多久 保留多久 能留 = 保留 保留期
当场办 = 当场登记 当场办理
批下来 办下来 能下来 = 办理完毕 予以登记 审批
监管 = 监督管理
给钱 发钱 = 补助 补贴 资金
明令禁止 = 严禁 不得
助贷 = 第三方机构 合作机构
派单 = 订单分派 订单分配
`;

export interface ThesaurusEntry {
  from: string[];
  to: string[];
}

export function parseThesaurus(text: string): ThesaurusEntry[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && l.includes('='))
    .map((l) => {
      const [a, b] = l.split('=');
      return { from: a.split(/\s+/).filter(Boolean), to: b.split(/\s+/).filter(Boolean) };
    });
}
