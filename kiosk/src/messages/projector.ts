/** The projector's texts added by issue 17 (final tally hash, summary, A and B progress), and a consultation's open items. */
export const projectorZh = {
  'projector.progressA': '常委已投 {n} / {m} 票',
  'projector.progressB': '列席已投 {n} / {m} 票(B 票,仅供参考)',
  'projector.progressA.full': '委员已投 {n} / {m} 票',
  'projector.progressB.full': '候补委员、列席已投 {n} / {m} 票(B 票,仅供参考)',
  'projector.a.full': 'A 票(委员,决定结果)',
  'projector.b.full': 'B 票(候补委员、列席,仅供参考)',
  'projector.consultation': '书面征求意见进行中(截止 {closesOn}):各议题作答情况',
  'projector.consultation.progress': '委员已作答 {n} / {m}',
  'projector.consultation.progressB': '列席、候补已作答 {n} / {m}(B 票,仅供参考)',
  'projector.qr.alt': '二维码:打开核验页面,核对本会议的计票哈希',
  'projector.summary.approvals': '同意 {approve} / 应到 {due}',
  'projector.summary.stands': '(复议通过后未再表决,第 {round} 轮结果有效)',
  'projector.summary.counts': 'A 票',
  'projector.summary.item': '议题',
  'projector.tally.final': '最终计票哈希(会议已结束)',
  'projector.tally.sofar': '计票哈希(截至目前,会议结束后为最终哈希)',
  // R3 under 002's policy ('not-approved'): the bar is on any post (scope any-post, src/rules/bar.ts).
  'projector.barred.anyPost': '一年内不得再次推荐任何职位',
} as const;

export type ProjectorKey = keyof typeof projectorZh;

export const projectorEn: Record<ProjectorKey, string> = {
  'projector.progressA': 'Members: {n} of {m} cast',
  'projector.progressB': 'Observers: {n} of {m} cast (B, for reference)',
  'projector.progressA.full': 'Members: {n} of {m} cast',
  'projector.progressB.full': 'Alternates and observers: {n} of {m} cast (B, for reference)',
  'projector.a.full': 'A ballots (members of the full committee, decisive)',
  'projector.b.full': 'B ballots (alternates and observers, for reference)',
  'projector.consultation': 'Written consultation under way (until {closesOn}): answers per item',
  'projector.consultation.progress': 'Members: {n} of {m} answered',
  'projector.consultation.progressB': 'Observers and alternates: {n} of {m} answered (B, for reference)',
  'projector.qr.alt': 'QR code: opens the inspector page to check this meeting’s tally hash',
  'projector.summary.approvals': 'approve {approve} / due {due}',
  'projector.summary.stands': '(reconsideration passed, no new round was voted: round {round} stands)',
  'projector.summary.counts': 'A ballots',
  'projector.summary.item': 'Item',
  'projector.tally.final': 'Final tally hash (the meeting has ended)',
  'projector.tally.sofar': 'Tally hash so far (final once the meeting ends)',
  'projector.barred.anyPost': 'Not to be recommended for any post for one year',
};

/**
 * A barred nominee's words (R3), by the bar policy the result was decided under: 000's
 * 'disapprove-half' bars the same post, 002's 'not-approved' any post (src/rules/bar.ts barScope).
 */
export function barredKey(barRule: 'disapprove-half' | 'not-approved'): 'projector.barred' | 'projector.barred.anyPost' {
  return barRule === 'not-approved' ? 'projector.barred.anyPost' : 'projector.barred';
}
