/** Example questions on the empty screen: each is answered by documents in the bundled corpus. */
export const EXAMPLE_QUESTIONS = [
  '企业名称登记管理规定对企业名称有哪些要求？',
  '即时配送行业有哪些支持政策？',
  '小微企业所得税按什么税率交？',
  '关键信息基础设施运营者有哪些安全保护义务？',
];
