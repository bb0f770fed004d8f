/**
 * The console's texts added by issue 17 (corrections, confirmations, printing, admin), kept
 * apart from i18n.ts so several people can add strings without touching the same lines.
 * Sections in alphabetical order; zh-CN first, the English twin below under the same keys.
 */
export const consoleZh = {
  'console.actions': '操作',
  'console.confirm.delete': '确定删除',
  'console.delete': '删除',
  'console.edit': '修改',
  'console.moveDown': '下移',
  'console.moveUp': '上移',
  'console.saved': '已保存',

  'console.attendee.add': '添加参会人员',
  'console.attendee.add.help': '名册中有、本次会议还没有的人员(例如会议创建后才加入名册的)。',
  'console.attendee.person': '人员',
  'console.attendee.remove': '不参加本次会议',
  'console.attendee.remove.confirm': '把 {name} 移出本次会议?常委移出后不再计入应到人数;应到而不能到会的,请改为“请假”。',
  'console.attendee.remove.title': '移出本次会议',
  'console.attendee.status': '状态',
  'console.excusal.withdraw': '撤销请假',
  'console.slip.issued': '已发,未签到',
  'console.slip.none': '未发',
  'console.slip.redeemed': '已签到',

  'console.item.edit.title': '修改议题',
  'console.item.delete.confirm': '从议程中删除议题“{title}”?',
  'console.item.delete.title': '删除议题',
  'console.item.seatsShort': '{k} 个职位',
  'console.item.competitive': '差额 {n} 选 {k}',
  'console.item.openSelectionShort': '公开选拔 1:3',
  'console.item.noNominees': '请先在委员会页面添加拟任人选。',
  'console.item.noPosts': '请先在委员会页面添加职位。',

  'console.meeting.delete': '删除会议',
  'console.meeting.delete.confirm': '删除会议“{title}”({date})?议程、参会人员和已发的签到码一并删除,不能恢复。',
  'console.meeting.edit': '修改会议',
  'console.meeting.locked': '会议已开始:此后只能按表决程序进行,筹备内容不能再修改。',
  'console.meeting.slipsVoided': '会议日期已改:已发的 {n} 张签到码作废,请重新生成并打印签到单。',
  'console.meeting.status': '状态',
  'console.meeting.suffix': '编号 …{suffix}',

  'console.nominee.delete.confirm': '删除拟任人选 {name}?',
  'console.nominee.delete.title': '删除拟任人选',
  'console.nominee.edit.title': '修改拟任人选:{name}',
  'console.nominee.identityFixed': '已表决过或受一年限制的人选,姓名和出生日期不能修改。',
  'console.nominee.resumeShow': '查看简历',

  'console.person.delete.confirm': '从名册中删除 {name}?尚未开会的会议中也一并删除此人。只是暂不参会的,请用“移出名册”。',
  'console.person.delete.title': '删除名册人员',
  'console.person.edit.title': '修改名册:{name}',
  'console.person.rank': '排序',

  'console.post.delete.confirm': '删除职位 {post}?',
  'console.post.delete.title': '删除职位',
  'console.post.edit.title': '修改职位:{post}',

  'enum.barRule.disapprove-half': '“不同意”票达应到会半数者,一年内不得就同一职位提名(R3)',
  'enum.barRule.not-approved': '未获通过者,一年内不得再次推荐任何职位(R3 变体)',
  'enum.kind.member': '常委',
  'enum.kind.observer': '列席',
  'enum.passRule.majority': '超过应到会成员半数通过',
  'enum.passRule.two-thirds': '达到应到会成员三分之二通过',
} as const;

export type ConsoleKey = keyof typeof consoleZh;

export const consoleEn: Record<ConsoleKey, string> = {
  'console.actions': 'Actions',
  'console.confirm.delete': 'Delete',
  'console.delete': 'Delete',
  'console.edit': 'Edit',
  'console.moveDown': 'Move down',
  'console.moveUp': 'Move up',
  'console.saved': 'Saved',

  'console.attendee.add': 'Add to this meeting',
  'console.attendee.add.help': 'People on the roster who are not on this meeting yet (e.g. added to the roster after the meeting was created).',
  'console.attendee.person': 'Person',
  'console.attendee.remove': 'Not attending this meeting',
  'console.attendee.remove.confirm': 'Take {name} off this meeting? A member taken off is no longer due; someone who is due but cannot come should be excused instead.',
  'console.attendee.remove.title': 'Take off this meeting',
  'console.attendee.status': 'Status',
  'console.excusal.withdraw': 'Withdraw excusal',
  'console.slip.issued': 'Issued, not used',
  'console.slip.none': 'Not issued',
  'console.slip.redeemed': 'Signed in',

  'console.item.edit.title': 'Edit item',
  'console.item.delete.confirm': 'Remove the item “{title}” from the agenda?',
  'console.item.delete.title': 'Remove item',
  'console.item.seatsShort': '{k} seat(s)',
  'console.item.competitive': 'competitive, {n} for {k}',
  'console.item.openSelectionShort': 'open selection 1:3',
  'console.item.noNominees': 'Add nominees on the committee page first.',
  'console.item.noPosts': 'Add posts on the committee page first.',

  'console.meeting.delete': 'Delete meeting',
  'console.meeting.delete.confirm': 'Delete the meeting “{title}” ({date})? Its agenda, roster and issued sign-in codes go too; this cannot be undone.',
  'console.meeting.edit': 'Edit meeting',
  'console.meeting.locked': 'The meeting has opened: from now on only the voting procedure changes it.',
  'console.meeting.slipsVoided': 'The date changed: the {n} sign-in codes already issued are void; issue and print the slips again.',
  'console.meeting.status': 'Status',
  'console.meeting.suffix': 'No. …{suffix}',

  'console.nominee.delete.confirm': 'Delete the nominee {name}?',
  'console.nominee.delete.title': 'Delete nominee',
  'console.nominee.edit.title': 'Edit nominee: {name}',
  'console.nominee.identityFixed': 'A nominee who was voted on or is barred keeps their name and birth date.',
  'console.nominee.resumeShow': 'Show résumé',

  'console.person.delete.confirm': 'Delete {name} from the roster? Meetings not yet opened lose them too. To leave someone out of future meetings only, use “Take off roster”.',
  'console.person.delete.title': 'Delete roster entry',
  'console.person.edit.title': 'Edit roster entry: {name}',
  'console.person.rank': 'Order',

  'console.post.delete.confirm': 'Delete the post {post}?',
  'console.post.delete.title': 'Delete post',
  'console.post.edit.title': 'Edit post: {post}',

  'enum.barRule.disapprove-half': 'Disapproved by half of those due: not nominated for the same post for one year (R3)',
  'enum.barRule.not-approved': 'Not approved: not recommended for any post for one year (R3 variant)',
  'enum.kind.member': 'Member',
  'enum.kind.observer': 'Observer',
  'enum.passRule.majority': 'More than half of those due',
  'enum.passRule.two-thirds': 'Two-thirds of those due',
};
