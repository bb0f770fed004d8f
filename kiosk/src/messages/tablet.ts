/**
 * The tablet's texts added by issue 16 (the tablet checks the log, the receipt check) and the
 * tablet points of issue 17 (the meeting has ended, a missed vote, dates, the résumé). Refusals
 * the server gives are in messages/problems.ts. zh-CN first, the English twin below.
 */
export const tabletZh = {
  'tablet.ended.heading': '会议已结束',
  'tablet.ended.help': '本次会议的表决已全部结束。您的回执码仍保存在本平板上,可随时核对。',
  'tablet.state.ended': '会议已结束',
  'tablet.missed': '本议题的表决已结束,您未在结束前投票,您的选票没有投出。',
  'tablet.missed.short': '表决结束前未投票',

  'tablet.birth.value': '{year}年{month}月',
  'tablet.resume.heading': '简历',

  'log.badge': '记录指纹 {fingerprint}',
  'log.badge.label': '记录指纹',
  'log.badge.key': '服务密钥 {keyId}',
  'tablet.log.badge.help': '请与大屏上的记录指纹核对;不一致时请告知监票人。',
  'tablet.log.badge.pending': '记录指纹:正在核验…',
  'tablet.log.badge.failed': '记录指纹:核验未通过(见上方警告)',
  'tablet.log.waitingKey': '正在等待本议题的选票密钥写入已签署的记录…',
  'tablet.log.alarm': '警告:{reason} 请不要继续投票,立即告知监票人(纪检委),并出示本平板。',
  'tablet.log.reason.key_changed': '服务器的签名密钥与本平板此前记录的不同。',
  'tablet.log.reason.bad_signature': '服务器提供的记录签名无法验证。',
  'tablet.log.reason.inconsistent': '服务器提供的记录与本平板此前看到的记录不一致(记录被改写或对不同平板显示了不同的记录)。',
  'tablet.log.reason.bad_proof': '服务器提供的证明无法验证。',
  'tablet.log.reason.bad_entry': '服务器提供的记录条目不是本议题的选票密钥。',
  'tablet.log.reason.missing': '记录中找不到您的选票。',
  'tablet.log.keyRefused': '本议题的选票密钥未能在已签署的记录中得到证明,平板已拒绝领取选票。{reason} 请立即告知监票人(纪检委)。',

  'tablet.refused.no_logged_key': '记录中没有本议题的选票密钥',
  'tablet.refused.key_unproven': '本议题的选票密钥未能在已签署的记录中得到证明',
  'tablet.refused.key_mismatch': '服务器用了不是记录中的密钥签发选票',
  'tablet.refused.bad_signature': '服务器签发的选票在记录的密钥下无法验证',
  'tablet.refused.receipt_mismatch': '服务器返回的回执不是所投选票的回执',

  'tablet.receipt.checking': '正在核对回执…',
  'tablet.receipt.proven': '已核对:您的选票在已签署的记录中。',
  'tablet.receipt.compare': '计票哈希前 10 位:{hash}。请与大屏上的计票哈希核对。',
  'tablet.receipt.failed': '未能核对!{reason} 您的选票可能没有被计入。请记下回执码,立即告知监票人(纪检委)。',
  'tablet.receipt.retry': '暂时无法核对(网络问题),稍后自动重试。',
  'tablet.receipt.recheck': '重新核对',
  'tablet.receipt.afterClose': '表决结束后将自动核对您的回执。',


  // A written consultation on the member's own device (docs/full-committee.md §5).
  'tablet.consultation.window': '书面征求意见 · 截止日期 {closesOn}',
  'tablet.consultation.help': '请在截止日期前对每个议题作答;未作答的视为未投票,不计入同意票。',
  'tablet.consultation.next': '下一个议题',
  'tablet.consultation.remaining': '还有 {n} 个议题待作答。',
};

export const tabletEn: Record<keyof typeof tabletZh, string> = {
  'tablet.ended.heading': 'The meeting has ended',
  'tablet.ended.help': 'Every vote of this meeting is over. Your receipts stay on this tablet and can be checked at any time.',
  'tablet.state.ended': 'Meeting ended',
  'tablet.missed': 'Voting on this item closed before you cast: your ballot was not cast.',
  'tablet.missed.short': 'not cast before the vote closed',

  'tablet.birth.value': '{month} {year}',
  'tablet.resume.heading': 'Résumé',

  'log.badge': 'Log fingerprint {fingerprint}',
  'log.badge.label': 'Log fingerprint',
  'log.badge.key': 'service key {keyId}',
  'tablet.log.badge.help': 'Compare it with the log fingerprint on the projector; if they differ, tell the inspector.',
  'tablet.log.badge.pending': 'Log fingerprint: checking…',
  'tablet.log.badge.failed': 'Log fingerprint: the check failed (see the warning above)',
  'tablet.log.waitingKey': 'Waiting for this item’s ballot key to be in the signed log…',
  'tablet.log.alarm': 'Warning: {reason} Do not go on voting; tell the inspector (discipline commission) at once and show them this tablet.',
  'tablet.log.reason.key_changed': 'The server signs with another key than the one this tablet recorded.',
  'tablet.log.reason.bad_signature': 'The signature on the server’s log does not verify.',
  'tablet.log.reason.inconsistent': 'The log the server shows does not extend the one this tablet saw before (it was rewritten, or tablets are shown different logs).',
  'tablet.log.reason.bad_proof': 'The server’s proof does not verify.',
  'tablet.log.reason.bad_entry': 'The log entry the server gave is not this item’s ballot key.',
  'tablet.log.reason.missing': 'Your ballot is not in the log.',
  'tablet.log.keyRefused': 'This item’s ballot key could not be proven in the signed log, so the tablet refused to fetch a ballot. {reason} Tell the inspector (discipline commission) at once.',

  'tablet.refused.no_logged_key': 'the log has no ballot key for this item',
  'tablet.refused.key_unproven': 'this item’s ballot key could not be proven in the signed log',
  'tablet.refused.key_mismatch': 'the server issued the ballot under a key that is not the logged one',
  'tablet.refused.bad_signature': 'the ballot the server issued does not verify under the logged key',
  'tablet.refused.receipt_mismatch': 'the server’s receipt is not the receipt of the ballot cast',

  'tablet.receipt.checking': 'Checking the receipt…',
  'tablet.receipt.proven': 'Checked: your ballot is in the signed log.',
  'tablet.receipt.compare': 'First 10 digits of the tally hash: {hash}. Compare them with the tally hash on the projector.',
  'tablet.receipt.failed': 'Not checked! {reason} Your ballot may not have been counted. Note the receipt and tell the inspector (discipline commission) at once.',
  'tablet.receipt.retry': 'Cannot check just now (network); trying again shortly.',
  'tablet.receipt.recheck': 'Check again',
  'tablet.receipt.afterClose': 'Your receipt is checked automatically once the vote closes.',


  'tablet.consultation.window': 'Written consultation · closes on {closesOn}',
  'tablet.consultation.help': 'Please answer every item before the closing day; an item not answered counts as not cast, never as approval.',
  'tablet.consultation.next': 'Next item',
  'tablet.consultation.remaining': '{n} more item(s) to answer.',
};
