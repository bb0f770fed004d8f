/**
 * Every visible text of the kiosk, in zh-CN (the default) and English. Pages mark static text
 * with data-i18n="key" (and data-i18n-placeholder / data-i18n-aria-label / data-i18n-title);
 * scripts call t(key, params). A visible 中文 / English switch stores the choice in localStorage.
 */
const zh = {
  'app.name': '票决系统',
  'lang.switch': 'English',
  'lang.switch.label': '切换语言 / Switch language',
  'common.loading': '正在加载…',
  'common.error': '出错了:{message}',
  'common.offline': '网络连接中断,正在重试…',
  'common.back': '返回',
  'common.cancel': '取消',
  'common.save': '保存',
  'common.add': '添加',
  'common.yes': '是',
  'common.no': '否',
  'common.none': '暂无',
  'choice.approve': '同意',
  'choice.disapprove': '不同意',
  'choice.abstain': '弃权',
  'class.A': '常委(A票)',
  'class.B': '列席(B票)',
  'item.status.pending': '尚未开始',
  'item.status.open': '正在表决',
  'item.status.closed': '表决结束',
  'item.status.announced': '已宣布',
  'item.status.postponed': '暂缓表决',
  'meeting.status.draft': '筹备中',
  'meeting.status.open': '会议进行中',
  'meeting.status.closed': '会议已结束',
  'landing.title': '票决系统',
  'landing.tablet': '委员平板',
  'landing.console': '工作人员控制台',
  'landing.projector': '投影屏',

  'tablet.title': '票决 · 委员平板',
  'tablet.signin.heading': '签到',
  'tablet.signin.help': '请输入签到单上的签到码。',
  'tablet.signin.meeting': '会议编号',
  'tablet.signin.code': '签到码',
  'tablet.signin.submit': '签到',
  'tablet.signin.failed': '签到失败:{message}',
  'tablet.signin.locked': '尝试次数过多,请稍后再试或联系工作人员。',
  'tablet.signin.badcode': '签到码不正确或已使用。',
  'tablet.signedin': '{name},您已签到',
  'tablet.signout': '退出',
  'tablet.signout.confirm': '确认退出?退出后需补发签到码才能再次签到',
  'tablet.waiting.heading': '请等待表决开始',
  'tablet.agenda': '议程',
  'tablet.state.notopen': '尚未开始表决',
  'tablet.state.voting': '请表决',
  'tablet.state.cast': '已投票',
  'tablet.state.closed': '表决已结束',
  'tablet.token.fetching': '正在领取本议题的选票…',
  'tablet.token.ready': '选票已领取,可以表决。',
  'tablet.token.refused': '选票校验未通过,已拒绝使用。请立即告知工作人员和纪检委。({message})',
  'tablet.token.retry': '领取选票失败,正在重试:{message}',
  'tablet.item.open': '本议题正在表决',
  'tablet.item.post': '拟任职务',
  'tablet.item.current': '现任职务',
  'tablet.item.birth': '出生年月',
  'tablet.item.resume': '简历',
  'tablet.item.seats': '本议题为差额票决:{n} 名人选竞争 {k} 个职位,最多可投 {k} 个“同意”。',
  'tablet.item.approvalsLeft': '还可以投 {left} 个“同意”。',
  'tablet.item.approveFull': '“同意”已达上限 {k} 个;如需改投,请先把另一位人选改为“不同意”或“弃权”。',
  'tablet.item.missing': '还有 {n} 位人选未选择。',
  'tablet.item.choiceFor': '对 {name} 的意见',
  'tablet.review': '检查选择',
  'tablet.review.heading': '请确认您的选择',
  'tablet.review.help': '投出后不能更改。',
  'tablet.review.change': '返回修改',
  'tablet.cast': '确认投票',
  'tablet.casting': '正在投票…',
  'tablet.cast.done': '投票成功。',
  'tablet.cast.failed': '投票未成功,请重试:{message}',
  'tablet.receipt.heading': '您的回执码',
  'tablet.receipt.help': '请记下回执码。表决结束后可核对您的选票已计入记录。',
  'tablet.receipt.full': '完整回执',
  'tablet.receipt.check': '核对回执',
  'tablet.receipt.included': '已核对:您的选票在记录中。',
  'tablet.receipt.missing': '记录中找不到此回执!请立即告知纪检委。',
  'tablet.receipt.unavailable': '暂时无法核对。',
  'tablet.receipts': '我的回执',
  'tablet.receipt.round': '第 {round} 轮',
  'tablet.receipt.motion': '第 {round} 轮复议动议',
  'tablet.observer.note': '您是列席人员,投 B 票,仅供参考,不影响表决结果。',
  'tablet.motion': '复议动议:是否同意对本议题重新表决?',
  'tablet.motion.yes': '同意复议',
  'tablet.motion.no': '不同意复议',

  'projector.title': '票决 · 投影',
  'projector.nomeeting': '请在地址中指定会议:/projector/?meeting=会议编号',
  'projector.waiting': '等待下一个议题',
  'projector.progress': '已投 {n} / {m} 票',
  'projector.voting': '正在表决',
  'projector.closed': '表决结束,等待宣布结果',
  'projector.result': '表决结果',
  'projector.a': 'A 票(常委,决定结果)',
  'projector.b': 'B 票(列席,仅供参考)',
  'projector.due': '应到',
  'projector.present': '实到',
  'projector.issued': '发出选票',
  'projector.cast': '收回选票',
  'projector.notcast': '未投',
  'projector.nominee': '人选',
  'projector.decision': '决定',
  'projector.approved': '通过',
  'projector.rejected': '未通过',
  'projector.undecided': '未决(票数相同)',
  'projector.barred': '一年内不得就同一职位提名',
  'projector.rule': '规则:{rule}',
  'projector.rule.majority': '超过应到会成员半数',
  'projector.rule.two-thirds': '达到应到会成员三分之二',
  'projector.tally': '计票哈希',
  'projector.qr': '扫码核对',
  'projector.postponed': '暂缓表决:{reason}',

  'console.title': '票决 · 控制台',
  'console.login.heading': '工作人员登录',
  'console.login.username': '用户名',
  'console.login.password': '密码',
  'console.login.submit': '登录',
  'console.login.failed': '登录失败:{message}',
  'console.logout': '退出登录',
  'console.whoami': '{name}({role})',
  'role.admin': '管理员',
  'role.clerk': '组织部工作人员',
  'role.presiding': '会议主持人',
  'role.inspector': '纪检委',
  'role.filer': '组织部存档',
  'console.nav.committees': '委员会',
  'console.nav.meetings': '会议',
  'console.nav.officers': '工作人员账号',
  'console.nav.live': '现场表决',
  'console.committee.new': '新建委员会',
  'console.committee.name': '名称',
  'console.committee.timeZone': '时区',
  'console.committee.barRule': '否决限制规则',
  'console.committee.open': '打开',
  'console.persons': '名册',
  'console.person.kind': '类别',
  'console.person.member': '常委',
  'console.person.observer': '列席',
  'console.person.name': '姓名',
  'console.person.unit': '单位',
  'console.person.title': '职务',
  'console.person.active': '在册',
  'console.person.deactivate': '移出名册',
  'console.person.activate': '恢复',
  'console.posts': '职位',
  'console.post.unit': '单位',
  'console.post.title': '职务',
  'console.nominees': '拟任人选',
  'console.nominee.name': '姓名',
  'console.nominee.birthDate': '出生日期',
  'console.nominee.currentPost': '现任职务',
  'console.nominee.resume': '简历',
  'console.meeting.new': '新建会议',
  'console.meeting.committee': '委员会',
  'console.meeting.date': '日期',
  'console.meeting.title': '会议名称',
  'console.meeting.open': '打开',
  'console.meeting.id': '会议编号',
  'console.items': '议题',
  'console.item.title': '议题名称',
  'console.item.post': '职位',
  'console.item.nominees': '人选(可多选)',
  'console.item.seats': '职位数 k',
  'console.item.openSelection': '公开选拔(1:3)',
  'console.item.passRule': '通过规则',
  'console.item.delete': '删除',
  'console.attendees': '参会人员',
  'console.excusal': '请假',
  'console.excusal.reason': '请假原因',
  'console.excused': '已请假:{reason}',
  'console.slips': '签到单',
  'console.slips.issue': '生成签到单',
  'console.slips.print': '打印签到单',
  'console.slips.reissue': '补发',
  'console.slips.note': '签到码只显示这一次,请立即打印。',
  'console.officer.new': '新建账号',
  'console.officer.username': '用户名',
  'console.officer.displayName': '显示名',
  'console.officer.role': '角色',
  'console.officer.password': '初始密码',
  'console.live.heading': '现场表决',
  'console.live.presence': '到会情况',
  'console.live.members': '常委:应到 {due},实到 {present}',
  'console.live.observers': '列席:{present} / {total}',
  'console.live.quorum.ok': '已达到三分之二法定人数',
  'console.live.quorum.no': '未达到三分之二法定人数,不能开始表决(需 {need} 人)',
  'console.live.openMeeting': '宣布开会',
  'console.live.closeMeeting': '宣布散会',
  'console.live.open': '开始表决',
  'console.live.close': '结束表决',
  'console.live.announce': '宣布结果',
  'console.live.postpone': '暂缓表决',
  'console.live.postpone.reason': '暂缓原因',
  'console.live.reconsider': '提出复议',
  'console.live.progress': '已投 {n} / {m}',
  'console.live.smallGroup': '注意:参加表决人数少,结果悬殊时可能推断出个人投票。宣布前请确认。',
  'console.live.confirmAnnounce': '确认宣布',
  'console.live.left': '离场',
  'console.live.signedIn': '已签到',
  'console.live.absent': '未签到',
  'console.done': '已完成',
} as const;

export type MessageKey = keyof typeof zh;
export const LANGS = ['zh-CN', 'en'] as const;
export type Lang = (typeof LANGS)[number];

const en: Record<MessageKey, string> = {
  'app.name': 'sealvote',
  'lang.switch': '中文',
  'lang.switch.label': '切换语言 / Switch language',
  'common.loading': 'Loading…',
  'common.error': 'Something went wrong: {message}',
  'common.offline': 'Connection lost, retrying…',
  'common.back': 'Back',
  'common.cancel': 'Cancel',
  'common.save': 'Save',
  'common.add': 'Add',
  'common.yes': 'Yes',
  'common.no': 'No',
  'common.none': 'None yet',
  'choice.approve': 'Approve',
  'choice.disapprove': 'Disapprove',
  'choice.abstain': 'Abstain',
  'class.A': 'Member (A ballot)',
  'class.B': 'Observer (B ballot)',
  'item.status.pending': 'Not yet open',
  'item.status.open': 'Voting',
  'item.status.closed': 'Voting closed',
  'item.status.announced': 'Announced',
  'item.status.postponed': 'Postponed',
  'meeting.status.draft': 'In preparation',
  'meeting.status.open': 'In session',
  'meeting.status.closed': 'Closed',
  'landing.title': 'sealvote',
  'landing.tablet': 'Member tablet',
  'landing.console': 'Officer console',
  'landing.projector': 'Projector',

  'tablet.title': 'sealvote · tablet',
  'tablet.signin.heading': 'Sign in',
  'tablet.signin.help': 'Enter the code on your sign-in slip.',
  'tablet.signin.meeting': 'Meeting number',
  'tablet.signin.code': 'Sign-in code',
  'tablet.signin.submit': 'Sign in',
  'tablet.signin.failed': 'Sign-in failed: {message}',
  'tablet.signin.locked': 'Too many attempts. Try again later or ask the clerk.',
  'tablet.signin.badcode': 'The code is wrong or already used.',
  'tablet.signedin': '{name}, you are signed in',
  'tablet.signout': 'Sign out',
  'tablet.signout.confirm': 'Really sign out? Coming back needs a new slip',
  'tablet.waiting.heading': 'Please wait for voting to open',
  'tablet.agenda': 'Agenda',
  'tablet.state.notopen': 'Voting not yet open',
  'tablet.state.voting': 'Please vote',
  'tablet.state.cast': 'Ballot cast',
  'tablet.state.closed': 'Voting closed',
  'tablet.token.fetching': 'Fetching your ballot for this item…',
  'tablet.token.ready': 'Your ballot is ready.',
  'tablet.token.refused': 'The ballot token failed its check and was refused. Tell the clerk and the inspector now. ({message})',
  'tablet.token.retry': 'Could not fetch the ballot, retrying: {message}',
  'tablet.item.open': 'Voting is open on this item',
  'tablet.item.post': 'Proposed post',
  'tablet.item.current': 'Current post',
  'tablet.item.birth': 'Born',
  'tablet.item.resume': 'Résumé',
  'tablet.item.seats': 'Competitive vote: {n} nominees for {k} post(s); approve at most {k}.',
  'tablet.item.approvalsLeft': 'You may approve {left} more.',
  'tablet.item.approveFull': 'You have approved {k}, the most allowed; change another nominee to Disapprove or Abstain first.',
  'tablet.item.missing': '{n} nominee(s) still without a choice.',
  'tablet.item.choiceFor': 'Your choice for {name}',
  'tablet.review': 'Review choices',
  'tablet.review.heading': 'Please confirm your choices',
  'tablet.review.help': 'A cast ballot cannot be changed.',
  'tablet.review.change': 'Change',
  'tablet.cast': 'Cast ballot',
  'tablet.casting': 'Casting…',
  'tablet.cast.done': 'Ballot cast.',
  'tablet.cast.failed': 'The ballot was not cast, please try again: {message}',
  'tablet.receipt.heading': 'Your receipt code',
  'tablet.receipt.help': 'Note the code. After voting closes you can check that your ballot is in the record.',
  'tablet.receipt.full': 'Full receipt',
  'tablet.receipt.check': 'Check receipt',
  'tablet.receipt.included': 'Checked: your ballot is in the record.',
  'tablet.receipt.missing': 'This receipt is NOT in the record! Tell the inspector now.',
  'tablet.receipt.unavailable': 'The check is not available yet.',
  'tablet.receipts': 'My receipts',
  'tablet.receipt.round': 'Round {round}',
  'tablet.receipt.motion': 'Round {round} reconsideration motion',
  'tablet.observer.note': 'You are an observer: your B ballot is for reference and does not change the decision.',
  'tablet.motion': 'Reconsideration motion: vote on this item again?',
  'tablet.motion.yes': 'Yes, reconsider',
  'tablet.motion.no': 'No',

  'projector.title': 'sealvote · projector',
  'projector.nomeeting': 'Name the meeting in the address: /projector/?meeting=<id>',
  'projector.waiting': 'Waiting for the next item',
  'projector.progress': '{n} of {m} cast',
  'projector.voting': 'Voting',
  'projector.closed': 'Voting closed; waiting for the announcement',
  'projector.result': 'Result',
  'projector.a': 'A ballots (members, decisive)',
  'projector.b': 'B ballots (observers, for reference)',
  'projector.due': 'Due',
  'projector.present': 'Present',
  'projector.issued': 'Issued',
  'projector.cast': 'Cast',
  'projector.notcast': 'Not cast',
  'projector.nominee': 'Nominee',
  'projector.decision': 'Decision',
  'projector.approved': 'Approved',
  'projector.rejected': 'Not approved',
  'projector.undecided': 'Undecided (tie)',
  'projector.barred': 'Barred from this post for one year',
  'projector.rule': 'Rule: {rule}',
  'projector.rule.majority': 'more than half of those due',
  'projector.rule.two-thirds': 'two-thirds of those due',
  'projector.tally': 'Tally hash',
  'projector.qr': 'Scan to verify',
  'projector.postponed': 'Postponed: {reason}',

  'console.title': 'sealvote · console',
  'console.login.heading': 'Officer sign-in',
  'console.login.username': 'Username',
  'console.login.password': 'Password',
  'console.login.submit': 'Sign in',
  'console.login.failed': 'Sign-in failed: {message}',
  'console.logout': 'Sign out',
  'console.whoami': '{name} ({role})',
  'role.admin': 'Administrator',
  'role.clerk': 'Clerk',
  'role.presiding': 'Presiding officer',
  'role.inspector': 'Inspector',
  'role.filer': 'Filer',
  'console.nav.committees': 'Committees',
  'console.nav.meetings': 'Meetings',
  'console.nav.officers': 'Officer accounts',
  'console.nav.live': 'Live vote',
  'console.committee.new': 'New committee',
  'console.committee.name': 'Name',
  'console.committee.timeZone': 'Time zone',
  'console.committee.barRule': 'Bar rule',
  'console.committee.open': 'Open',
  'console.persons': 'Roster',
  'console.person.kind': 'Kind',
  'console.person.member': 'Member',
  'console.person.observer': 'Observer',
  'console.person.name': 'Name',
  'console.person.unit': 'Unit',
  'console.person.title': 'Title',
  'console.person.active': 'Active',
  'console.person.deactivate': 'Remove from roster',
  'console.person.activate': 'Restore',
  'console.posts': 'Posts',
  'console.post.unit': 'Unit',
  'console.post.title': 'Title',
  'console.nominees': 'Nominees',
  'console.nominee.name': 'Name',
  'console.nominee.birthDate': 'Birth date',
  'console.nominee.currentPost': 'Current post',
  'console.nominee.resume': 'Résumé',
  'console.meeting.new': 'New meeting',
  'console.meeting.committee': 'Committee',
  'console.meeting.date': 'Date',
  'console.meeting.title': 'Title',
  'console.meeting.open': 'Open',
  'console.meeting.id': 'Meeting number',
  'console.items': 'Items',
  'console.item.title': 'Item title',
  'console.item.post': 'Post',
  'console.item.nominees': 'Nominees (one or more)',
  'console.item.seats': 'Posts k',
  'console.item.openSelection': 'Open selection (1:3)',
  'console.item.passRule': 'Passing rule',
  'console.item.delete': 'Delete',
  'console.attendees': 'Attendees',
  'console.excusal': 'Excuse',
  'console.excusal.reason': 'Reason',
  'console.excused': 'Excused: {reason}',
  'console.slips': 'Sign-in slips',
  'console.slips.issue': 'Issue slips',
  'console.slips.print': 'Print slips',
  'console.slips.reissue': 'Reissue',
  'console.slips.note': 'Codes are shown only this once: print them now.',
  'console.officer.new': 'New account',
  'console.officer.username': 'Username',
  'console.officer.displayName': 'Display name',
  'console.officer.role': 'Role',
  'console.officer.password': 'Initial password',
  'console.live.heading': 'Live vote',
  'console.live.presence': 'Presence',
  'console.live.members': 'Members: due {due}, present {present}',
  'console.live.observers': 'Observers: {present} / {total}',
  'console.live.quorum.ok': 'Two-thirds quorum met',
  'console.live.quorum.no': 'Two-thirds quorum NOT met; voting cannot open ({need} needed)',
  'console.live.openMeeting': 'Open the meeting',
  'console.live.closeMeeting': 'Close the meeting',
  'console.live.open': 'Open voting',
  'console.live.close': 'Close voting',
  'console.live.announce': 'Announce',
  'console.live.postpone': 'Postpone',
  'console.live.postpone.reason': 'Reason for postponing',
  'console.live.reconsider': 'Move reconsideration',
  'console.live.progress': '{n} of {m} cast',
  'console.live.smallGroup': 'Warning: few voters; a lopsided result can reveal individual choices. Confirm before announcing.',
  'console.live.confirmAnnounce': 'Confirm announcement',
  'console.live.left': 'Left',
  'console.live.signedIn': 'Signed in',
  'console.live.absent': 'Not signed in',
  'console.done': 'Done',
};

export const MESSAGES: Readonly<Record<Lang, Readonly<Record<MessageKey, string>>>> = { 'zh-CN': zh, en };

const STORAGE_KEY = 'sealvote.lang';
let current: Lang = 'zh-CN';
const listeners = new Set<() => void>();

export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(zh, key);
}

/** Fills {name} placeholders; an unknown placeholder stays visible rather than vanishing. */
export function format(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (m, name: string) => (Object.hasOwn(params, name) ? String(params[name]) : m));
}

export function translate(lang: Lang, key: MessageKey, params?: Record<string, string | number>): string {
  return format(MESSAGES[lang][key], params);
}

export function t(key: MessageKey, params?: Record<string, string | number>): string {
  return translate(current, key, params);
}

export function getLang(): Lang {
  return current;
}

/** Reads the stored choice (zh-CN when none) and applies it to the page. */
export function initLang(): Lang {
  let stored: string | null = null;
  try {
    stored = localStorage.getItem(STORAGE_KEY);
  } catch {
    stored = null;
  }
  current = stored === 'en' ? 'en' : 'zh-CN';
  applyI18n(document);
  return current;
}

export function setLang(lang: Lang): void {
  current = lang;
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Private mode: the switch still works for this page.
  }
  applyI18n(document);
  for (const l of listeners) l();
}

export function onLangChange(listener: () => void): void {
  listeners.add(listener);
}

const ATTRS = ['placeholder', 'aria-label', 'title'] as const;

/** Sets <html lang>, the title and every data-i18n* element under root. */
export function applyI18n(root: Document | HTMLElement): void {
  const doc = root instanceof Document ? root : root.ownerDocument;
  doc.documentElement.lang = current;
  root.querySelectorAll<HTMLElement>('[data-i18n]').forEach((el) => {
    const key = el.dataset.i18n ?? '';
    if (isMessageKey(key)) el.textContent = t(key);
  });
  for (const attr of ATTRS) {
    root.querySelectorAll<HTMLElement>(`[data-i18n-${attr}]`).forEach((el) => {
      const key = el.getAttribute(`data-i18n-${attr}`) ?? '';
      if (isMessageKey(key)) el.setAttribute(attr, t(key));
    });
  }
}

/** The visible 中文 / English switch: a real button, so keyboards and screen readers reach it. */
export function mountLangSwitch(button: HTMLButtonElement): void {
  const render = () => {
    button.textContent = t('lang.switch');
    button.setAttribute('aria-label', t('lang.switch.label'));
    button.lang = current === 'zh-CN' ? 'en' : 'zh-CN';
  };
  button.addEventListener('click', () => setLang(current === 'zh-CN' ? 'en' : 'zh-CN'));
  onLangChange(render);
  render();
}
