/**
 * Texts of issue 19: committee kinds (常委会 / 全委会), alternate members (候补委员), removals
 * (免职), the nominee's dossier, nominations to the full committee and written consultations.
 * Kept apart from i18n.ts like ./console.ts; zh-CN first, the English twin below, same keys.
 */
export const committeeZh = {
  'class.A.full': '委员(A票)',
  'role.alternate': '候补委员(B票)',
  'role.observer': '列席(B票)',
  'tablet.alternate.note': '您是候补委员:可以发表意见,您的 B 票单独统计、仅供参考,不决定结果。',

  'choice.removal.approve': '同意免职',
  'choice.removal.disapprove': '不同意免职',
  'tablet.item.removal': '免职',
  'tablet.item.removalOf': '拟免去职务',
  'tablet.item.removalNote': '本议题为免职事项:“同意免职”即同意免去其上述职务。',
  'projector.removal.approved': '同意免职',
  'projector.removal.rejected': '未通过免职',
  'projector.removal.heading': '免职事项',
  'console.live.nomineeLine.removal': '{name}:同意免职 {approve},不同意免职 {disapprove},弃权 {abstain} — {decision}',

  'console.committee.kind': '类型',
  'console.committee.standingOf': '提名来自(常委会)',
  'console.committee.standingOf.none': '(不指定)',
  'console.item.itemKind': '事项',
  'enum.committeeKind.standing': '常委会',
  'enum.committeeKind.full': '全委会',
  'enum.itemKind.appointment': '任职',
  'enum.itemKind.removal': '免职',
  'enum.kind.alternate': '候补委员',
} as const;

export const committeeEn: Record<keyof typeof committeeZh, string> = {
  'class.A.full': 'Member (A ballot)',
  'role.alternate': 'Alternate member (B ballot)',
  'role.observer': 'Observer (B ballot)',
  'tablet.alternate.note': 'You are an alternate member: you may speak; your B ballot is counted apart, for reference only, and does not decide.',

  'choice.removal.approve': 'Approve the removal',
  'choice.removal.disapprove': 'Disapprove the removal',
  'tablet.item.removal': 'Removal',
  'tablet.item.removalOf': 'To be removed from',
  'tablet.item.removalNote': 'This item is a removal: “Approve the removal” means removing the person from the post above.',
  'projector.removal.approved': 'Removal approved',
  'projector.removal.rejected': 'Removal not approved',
  'projector.removal.heading': 'Removal',
  'console.live.nomineeLine.removal': '{name}: approve the removal {approve}, disapprove {disapprove}, abstain {abstain} — {decision}',

  'console.committee.kind': 'Kind',
  'console.committee.standingOf': 'Nominations from (standing committee)',
  'console.committee.standingOf.none': '(none)',
  'console.item.itemKind': 'Matter',
  'enum.committeeKind.standing': 'Standing committee (常委会)',
  'enum.committeeKind.full': 'Full committee (全委会)',
  'enum.itemKind.appointment': 'Appointment',
  'enum.itemKind.removal': 'Removal',
  'enum.kind.alternate': 'Alternate member',
};
