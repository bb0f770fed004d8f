import type { TestApp } from './app';
import { officerAgent, type OfficerAgent } from './officers';

export interface ItemSpec {
  title?: string;
  /** How many fresh nominees the item gets (each for this item only). */
  nominees: number;
  seats?: number;
  openSelection?: boolean;
  passRule?: 'majority' | 'two-thirds';
}

export interface PrepareSpec {
  members?: number;
  observers?: number;
  date?: string;
  title?: string;
  timeZone?: string;
  barRule?: 'disapprove-half' | 'not-approved';
  /** The committee's policies (src/rules/policies.ts); each left out takes its default. */
  policies?: Partial<import('../../src/rules').CommitteePolicies>;
  items?: ItemSpec[];
  /** Issue sign-in slips to everyone (default true). */
  slips?: boolean;
  /** R13: the committee's kind (standing unless said). */
  committeeKind?: 'standing' | 'full';
  /** A written consultation to `closesOn` instead of a sitting (docs/full-committee.md §5). */
  consultation?: { closesOn: string };
  /** A full committee's alternate members (候补委员, class B; R13), after the observers. */
  alternates?: number;
  /** docs/coissuance.md: the committee co-issues its tokens with the discipline commission. */
  issuance?: 'service' | 'coissued';
  /** Username of the clerk to create (default 'clerk'); pick another to prepare twice in one app. */
  clerkUsername?: string;
}

export interface PreparedPerson {
  personId: string;
  name: string;
  class: 'A' | 'B';
  /** The slip code as printed (`xxxxx-xxxxx`), or '' when slips were not issued. */
  code: string;
}

export interface PreparedItem {
  id: string;
  title: string;
  postId: string;
  nomineeIds: string[];
  seats: number;
  openSelection: boolean;
  passRule: 'majority' | 'two-thirds';
}

export interface PreparedMeeting {
  clerk: OfficerAgent;
  committeeId: string;
  meetingId: string;
  date: string;
  members: PreparedPerson[];
  observers: PreparedPerson[];
  items: PreparedItem[];
  /** Code by person id. */
  codes: Record<string, string>;
}

/** One plain item, one two-thirds item, one competitive 2-for-1 item. */
export const DEFAULT_ITEMS: ItemSpec[] = [
  { title: '任命张同志为县财政局局长', nominees: 1 },
  { title: '任命王同志为县审计局局长（三分之二）', nominees: 1, passRule: 'two-thirds' },
  { title: '差额推荐县发改委副主任（2 选 1）', nominees: 2, seats: 1 },
];

async function call<T>(t: TestApp, agent: OfficerAgent, method: string, path: string, body?: unknown): Promise<T> {
  const res = await t.app.request(path, { method, headers: agent.headers(), ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  if (res.status >= 300) throw new Error(`${method} ${path} → ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/**
 * Prepares a meeting through the API, as a clerk would: committee, roster, posts, nominees, a
 * draft meeting with items, and slips. Used by the preparation and live-vote tests alike.
 */
export async function prepareMeeting(t: TestApp, spec: PrepareSpec = {}): Promise<PreparedMeeting> {
  const clerk = await officerAgent(t, 'clerk', spec.clerkUsername ?? 'clerk');
  const committee = await call<{ id: string }>(t, clerk, 'POST', '/api/committees', {
    name: spec.committeeKind === 'full' ? '中共某县委全委会' : '中共某县委常委会',
    ...(spec.committeeKind ? { kind: spec.committeeKind } : {}),
    ...(spec.timeZone ? { timeZone: spec.timeZone } : {}),
    ...(spec.barRule ? { barRule: spec.barRule } : {}),
    ...(spec.policies ? { policies: spec.policies } : {}),
    ...(spec.issuance ? { issuance: spec.issuance } : {}),
  });
  const members = spec.members ?? 11;
  const observers = spec.observers ?? 5;
  for (let i = 1; i <= members; i++) {
    await call(t, clerk, 'POST', `/api/committees/${committee.id}/persons`, { kind: 'member', name: `常委${i}`, unit: '县委', title: '常委' });
  }
  for (let i = 1; i <= observers; i++) {
    await call(t, clerk, 'POST', `/api/committees/${committee.id}/persons`, { kind: 'observer', name: `列席${i}`, unit: '县政府', title: '副县长' });
  }
  for (let i = 1; i <= (spec.alternates ?? 0); i++) {
    await call(t, clerk, 'POST', `/api/committees/${committee.id}/persons`, { kind: 'alternate', name: `候补${i}`, unit: '县委', title: '候补委员' });
  }
  const date = spec.date ?? '2026-03-02';
  const created = await call<{ meeting: { id: string } }>(t, clerk, 'POST', '/api/meetings', {
    committeeId: committee.id,
    date,
    title: spec.title ?? '县委常委会第 12 次会议',
    ...(spec.consultation ? { kind: 'consultation', closesOn: spec.consultation.closesOn } : {}),
  });
  const meetingId = created.meeting.id;

  const items: PreparedItem[] = [];
  let nomineeCount = 0;
  for (const [index, itemSpec] of (spec.items ?? DEFAULT_ITEMS).entries()) {
    const post = await call<{ id: string }>(t, clerk, 'POST', `/api/committees/${committee.id}/posts`, { unit: `单位${index + 1}`, title: '局长' });
    const nomineeIds: string[] = [];
    for (let n = 0; n < itemSpec.nominees; n++) {
      nomineeCount++;
      const nominee = await call<{ id: string }>(t, clerk, 'POST', `/api/committees/${committee.id}/nominees`, {
        name: `人选${nomineeCount}`,
        birthDate: '1980-05-17',
        currentPost: '某乡党委书记',
        resume: `人选${nomineeCount}的简历。\n1998 年参加工作。`,
      });
      nomineeIds.push(nominee.id);
    }
    const item = await call<PreparedItem>(t, clerk, 'POST', `/api/meetings/${meetingId}/items`, {
      title: itemSpec.title ?? `议题${index + 1}`,
      postId: post.id,
      nomineeIds,
      ...(itemSpec.seats !== undefined ? { seats: itemSpec.seats } : {}),
      ...(itemSpec.openSelection !== undefined ? { openSelection: itemSpec.openSelection } : {}),
      ...(itemSpec.passRule ? { passRule: itemSpec.passRule } : {}),
    });
    items.push({ id: item.id, title: item.title, postId: post.id, nomineeIds, seats: item.seats, openSelection: item.openSelection, passRule: item.passRule });
  }

  const detail = await call<{ attendees: Array<{ personId: string; name: string; class: 'A' | 'B' }> }>(t, clerk, 'GET', `/api/meetings/${meetingId}`);
  const codes: Record<string, string> = {};
  if (spec.slips ?? true) {
    const issued = await call<{ slips: Array<{ personId: string; code: string }> }>(t, clerk, 'POST', `/api/meetings/${meetingId}/slips`);
    for (const s of issued.slips) codes[s.personId] = s.code;
  }
  const person = (a: { personId: string; name: string; class: 'A' | 'B' }): PreparedPerson => ({ personId: a.personId, name: a.name, class: a.class, code: codes[a.personId] ?? '' });
  return {
    clerk,
    committeeId: committee.id,
    meetingId,
    date,
    members: detail.attendees.filter((a) => a.class === 'A').map(person),
    observers: detail.attendees.filter((a) => a.class === 'B').map(person),
    items,
    codes,
  };
}

/** A tablet redeems a slip; returns the bearer token (throws unless the sign-in succeeds). */
export async function signInWithSlip(t: TestApp, meetingId: string, code: string, address = '192.0.2.50'): Promise<string> {
  const res = await t.app.request(`/api/meetings/${meetingId}/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-test-address': address },
    body: JSON.stringify({ code }),
  });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { tabletToken: string }).tabletToken;
}

/** Signs in everyone given; returns tablet tokens by person id. */
export async function signInAll(t: TestApp, prepared: PreparedMeeting, people: PreparedPerson[] = [...prepared.members, ...prepared.observers]): Promise<Record<string, string>> {
  const tokens: Record<string, string> = {};
  for (const p of people) tokens[p.personId] = await signInWithSlip(t, prepared.meetingId, p.code);
  return tokens;
}
