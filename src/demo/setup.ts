/**
 * The embedded demo: on a fresh database, a standing committee (常委会) of 11 members and 5
 * observers, officers with random passwords, and a meeting with five items — plain, two-thirds,
 * competitive 2-for-1, a removal (免职), and a nomination to the full committee (提名至全委会) with
 * its dossier — with sign-in slips; and the full committee (全委会: the 11, 8 more members and 3
 * alternate members) with a draft meeting of the same day, on whose agenda the clerk puts the
 * nomination once the standing meeting has ended (docs/full-committee.md). Passwords and slip
 * codes are printed once and stored nowhere in clear.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { coissuerFingerprint, generateCoissuerKey, parseCoissuerSignerKey } from '../../crypto/coissuer-statements';
import { createOfficer } from '../auth/create-officer';
import type { KdfCost } from '../auth/password';
import type { OfficerRole } from '../db/schema';
import type { AppDeps } from '../deps';
import { addItem } from '../domain/prepare/add-item';
import { addNominee } from '../domain/prepare/add-nominee';
import { addPerson } from '../domain/prepare/add-person';
import { addPost } from '../domain/prepare/add-post';
import { createCommittee } from '../domain/prepare/create-committee';
import { createMeeting } from '../domain/prepare/create-meeting';
import { putDossier } from '../domain/prepare/dossier';
import { issueSlips, type IssuedSlip } from '../domain/prepare/issue-slips';
import { dateInZone } from '../rules';

const MEMBERS: Array<[string, string, string]> = [
  ['王建国', '县委', '书记'],
  ['李明华', '县政府', '县长'],
  ['张志强', '县委', '副书记'],
  ['刘晓燕', '县纪委', '书记'],
  ['陈卫东', '县委组织部', '部长'],
  ['杨光明', '县委宣传部', '部长'],
  ['赵丽娟', '县委统战部', '部长'],
  ['黄海涛', '县委政法委', '书记'],
  ['周文静', '县政府', '常务副县长'],
  ['吴国庆', '县人武部', '政委'],
  ['孙红梅', '县委办公室', '主任'],
];
const OBSERVERS: Array<[string, string, string]> = [
  ['郑德胜', '县人大常委会', '主任'],
  ['冯秀英', '县政协', '主席'],
  ['何永平', '县人民法院', '院长'],
  ['许建华', '县人民检察院', '检察长'],
  ['曹玉兰', '县政府', '副县长'],
];

/** The full committee's members beyond the standing committee's, and its alternate members (候补委员). */
const FULL_MEMBERS: Array<[string, string, string]> = [
  ['马志刚', '城关镇党委', '书记'],
  ['朱丽华', '县教育局', '局长'],
  ['胡建军', '县公安局', '局长'],
  ['郭晓梅', '县卫健局', '局长'],
  ['林国强', '东山乡党委', '书记'],
  ['何秀兰', '县妇联', '主席'],
  ['高志明', '县委党校', '常务副校长'],
  ['梁永红', '县总工会', '主席'],
];
const ALTERNATES: Array<[string, string, string]> = [
  ['宋海波', '西河镇党委', '书记'],
  ['唐晓东', '县交通局', '局长'],
  ['韩雪梅', '团县委', '书记'],
];

export interface DemoSetup {
  officers: Array<{ username: string; role: OfficerRole; password: string }>;
  /** The demo co-issuer key file and its verifier key, when setupDemo was asked to make one. */
  coissuer?: { keyFile: string; verifierKey: string };
  committeeId: string;
  meetingId: string;
  items: Array<{ id: string; title: string; nomineeIds: string[] }>;
  slips: IssuedSlip[];
  /** The full committee and its draft meeting, which decides the standing meeting's nomination. */
  full: { committeeId: string; meetingId: string; slips: IssuedSlip[] };
  /** The full committee's written consultation (docs/full-committee.md §5), a draft to start. */
  consultation: { meetingId: string; closesOn: string; items: Array<{ id: string; title: string; nomineeIds: string[] }>; slips: IssuedSlip[] };
}

/**
 * The demo's co-issuer key: in a county the commission makes it on its own machine
 * (`sealvote coissue keygen`); the demo makes one beside its database so it runs at once. An
 * existing file is reused, never overwritten.
 */
export function demoCoissuerKey(keyFile: string): { keyFile: string; verifierKey: string } {
  if (!existsSync(keyFile)) {
    mkdirSync(dirname(keyFile), { recursive: true });
    writeFileSync(keyFile, `${generateCoissuerKey('sealvote-coissuer-demo').signerKey}\n`, { mode: 0o600, flag: 'wx' });
  }
  return { keyFile, verifierKey: parseCoissuerSignerKey(readFileSync(keyFile, 'utf8')).verifierKey };
}

export async function setupDemo(deps: AppDeps, opts: { kdf?: KdfCost; coissuerKeyFile?: string } = {}): Promise<DemoSetup> {
  const now = deps.now();
  const officers: DemoSetup['officers'] = [];
  for (const role of ['admin', 'clerk', 'presiding', 'inspector', 'filer'] as const) {
    const password = randomBytes(12).toString('base64url');
    await createOfficer(deps.db, { username: role, displayName: role, role, password }, { now, kdf: opts.kdf });
    officers.push({ username: role, role, password });
  }
  // docs/coissuance.md: the demo committee co-issues with the discipline commission.
  const committee = await createCommittee(deps, { name: '示范县委常委会', issuance: 'coissued' });
  for (const [name, unit, title] of MEMBERS) await addPerson(deps, committee.id, { kind: 'member', name, unit, title });
  for (const [name, unit, title] of OBSERVERS) await addPerson(deps, committee.id, { kind: 'observer', name, unit, title });
  const post = (unit: string, title: string) => addPost(deps, committee.id, { unit, title });
  const nominee = (name: string, birthDate: string, currentPost: string) =>
    addNominee(deps, committee.id, { name, birthDate, currentPost, resume: `${currentPost}。` });
  const finance = await post('县财政局', '局长');
  const court = await post('县委政法委', '副书记');
  const township = await post('城关镇', '党委书记');
  const n1 = await nominee('林志远', '1982-05-14', '县财政局副局长');
  const n2 = await nominee('高春燕', '1979-11-02', '县司法局局长');
  const n3 = await nominee('罗建平', '1984-03-21', '城关镇镇长');
  const n4 = await nominee('谢文博', '1985-08-09', '县发改局副局长');
  const statistics = await post('县统计局', '局长');
  const subdistrict = await post('城南街道党工委', '书记');
  const leaving = await nominee('钱卫国', '1968-02-17', '县统计局局长');
  const n5 = await nominee('周立新', '1980-07-30', '城南街道办事处主任');

  const meeting = await createMeeting(deps, { committeeId: committee.id, date: dateInZone(now, committee.timeZone), title: '县委常委会第 3 次会议（干部任免）' });
  const items = [
    await addItem(deps, meeting.id, { title: '林志远同志任县财政局局长', postId: finance.id, nomineeIds: [n1.id] }),
    await addItem(deps, meeting.id, { title: '高春燕同志任县委政法委副书记', postId: court.id, nomineeIds: [n2.id], passRule: 'two-thirds' }),
    await addItem(deps, meeting.id, { title: '城关镇党委书记（差额 2 选 1）', postId: township.id, nomineeIds: [n3.id, n4.id], seats: 1 }),
    await addItem(deps, meeting.id, { title: '免去钱卫国同志县统计局局长职务', postId: statistics.id, nomineeIds: [leaving.id], itemKind: 'removal' }),
    await addItem(deps, meeting.id, { title: '提名周立新同志为城南街道党工委书记人选（提交全委会票决）', postId: subdistrict.id, nomineeIds: [n5.id], nominates: true }),
  ];
  await putDossier(deps, items[4]!.id, n5.id, {
    source: 'personal',
    recommender: '张志强(县委副书记)',
    relationship: '工作关系,曾为上下级,无亲属关系',
    declaration: true,
    recommendation: '城南街道民主推荐,得票 52 票,排名第一',
    examination: '考察组考察认为该同志政治素质好,熟悉街道工作,群众基础较好',
    reasons: '城南街道党工委书记调任,工作需要',
    vacancy: '城南街道党工委书记职位空缺',
  });
  const slips = await issueSlips(deps, meeting.id);

  // The full committee (R13): decides the standing committee's nominations of principal posts.
  const full = await createCommittee(deps, { name: '示范县委全委会', kind: 'full', standingCommitteeId: committee.id });
  for (const [name, unit, title] of [...MEMBERS, ...FULL_MEMBERS]) await addPerson(deps, full.id, { kind: 'member', name, unit, title });
  for (const [name, unit, title] of ALTERNATES) await addPerson(deps, full.id, { kind: 'alternate', name, unit, title });
  const fullMeeting = await createMeeting(deps, { committeeId: full.id, date: dateInZone(now, full.timeZone), title: '县委全委会第 2 次全体会议（票决常委会提名）' });
  const fullSlips = await issueSlips(deps, fullMeeting.id);
  // A written consultation (书面征求意见, docs/full-committee.md §5): from today for a week; the
  // presiding officer starts it (开始征求意见) and members answer with their codes on their own devices.
  const today = dateInZone(now, full.timeZone);
  const consultation = await createMeeting(deps, { committeeId: full.id, date: today, title: '书面征求县委委员意见(东山乡党委书记人选)', kind: 'consultation', closesOn: addDays(today, 6) });
  const eastHill = await addPost(deps, full.id, { unit: '东山乡党委', title: '书记' });
  const n6 = await addNominee(deps, full.id, { name: '韦明华', birthDate: '1981-09-12', currentPost: '东山乡乡长', resume: '东山乡乡长。' });
  const asked = await addItem(deps, consultation.id, { title: '韦明华同志任东山乡党委书记', postId: eastHill.id, nomineeIds: [n6.id] });
  const consultationSlips = await issueSlips(deps, consultation.id);
  return {
    officers,
    ...(opts.coissuerKeyFile ? { coissuer: demoCoissuerKey(opts.coissuerKeyFile) } : {}),
    committeeId: committee.id,
    meetingId: meeting.id,
    items: items.map((i) => ({ id: i.id, title: i.title, nomineeIds: i.nominees.map((n) => n.id) })),
    slips,
    full: { committeeId: full.id, meetingId: fullMeeting.id, slips: fullSlips },
    consultation: {
      meetingId: consultation.id,
      closesOn: consultation.closesOn!,
      items: [{ id: asked.id, title: asked.title, nomineeIds: asked.nominees.map((n) => n.id) }],
      slips: consultationSlips,
    },
  };
}

/** The calendar date `days` after `date` ('YYYY-MM-DD'; no zone involved). */
function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The console lines of a fresh demo: passwords and slip codes appear here and nowhere else. */
export function describeDemo(demo: DemoSetup, baseUrl: string): string[] {
  const lines = [
    'sealvote demo: a standing committee (常委会) of 11 members and 5 observers, one meeting with five items',
    '(plain, two-thirds, competitive, a removal, a nomination to the full committee); and the full committee',
    '(全委会: 19 members, 3 alternate members) with a meeting that decides the nomination once the standing',
    'meeting has ended (console: the full committee meeting, 常委会提名, 列入议程); and a written consultation of',
    'the full committee (书面征求意见) that members answer on their own devices.',
    '',
    'Officers (passwords shown once):',
  ];
  for (const o of demo.officers) lines.push(`  ${o.username.padEnd(10)} ${o.password}`);
  lines.push('', `Meeting ${demo.meetingId}`, `  console   ${baseUrl}/console/`, `  projector ${baseUrl}/projector/?meeting=${demo.meetingId}`, `  tablets   ${baseUrl}/tablet/?meeting=${demo.meetingId}`, '', 'Sign-in slips:');
  for (const s of demo.slips) lines.push(`  ${s.class} ${s.code}  ${s.name}（${s.unit}${s.title}）`);
  lines.push(
    '',
    '纪委联合签发 Co-issuance: every ballot token needs the discipline commission\'s co-signature (docs/coissuance.md).',
    '  The meeting opens once the commission\'s co-issuer has registered; start it before opening:',
  );
  const key = demo.coissuer?.keyFile ?? 'sealvote-coissuer.key';
  if (demo.coissuer) {
    lines.push(
      `  demo co-issuer key ${demo.coissuer.keyFile} (a county makes it on the commission's own machine: npx sealvote coissue keygen --name <name>)`,
      `  fingerprint 指纹 ${coissuerFingerprint(demo.coissuer.verifierKey)} (read aloud in the room; the console shows the same)`,
    );
  } else {
    lines.push(`  make its key on the commission's machine: npx sealvote coissue keygen --name sealvote-coissuer-demo --out ${key}`);
  }
  lines.push(
    `  in a terminal (asks for the inspector's password above; confirm each person as they sign in):`,
    `    npx sealvote coissue run --url ${baseUrl} --meeting ${demo.meetingId} --key ${key} --user inspector`,
    `  or in a browser: ${baseUrl}/coissuer/?meeting=${demo.meetingId} (sign in as inspector, import the key file)`,
  );
  lines.push('', `Full committee meeting ${demo.full.meetingId}`, `  tablets   ${baseUrl}/tablet/?meeting=${demo.full.meetingId}`, '', 'Sign-in slips (全委会):');
  for (const s of demo.full.slips) lines.push(`  ${s.class} ${s.code}  ${s.name}（${s.unit}${s.title}）`);
  lines.push(
    '',
    `书面征求意见 Written consultation ${demo.consultation.meetingId} (the full committee, open until ${demo.consultation.closesOn}; no room, no quorum):`,
    `  console   ${baseUrl}/console/#/live/${demo.consultation.meetingId} (presiding: 开始征求意见 opens it and its item at once)`,
    `  own device ${baseUrl}/tablet/?meeting=${demo.consultation.meetingId} (each member, with their own code)`,
    '',
    'Sign-in slips (书面征求意见):',
  );
  for (const s of demo.consultation.slips) lines.push(`  ${s.class} ${s.code}  ${s.name}（${s.unit}${s.title}）`);
  return lines;
}
