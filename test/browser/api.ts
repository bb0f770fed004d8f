/** Prepares a meeting through the HTTP API as the clerk would (officer cookie + CSRF token). */
import { dateInZone } from '../../src/rules';
import { PASSWORD } from './server';

/**
 * The real server reads the real clock, and a meeting opens only on its own date in the
 * committee's zone (R14): meetings here are dated today in Shanghai, whatever day the suite runs.
 */
export const todayInShanghai = (): string => dateInZone(new Date(), 'Asia/Shanghai');

export class Officer {
  private constructor(
    private readonly baseURL: string,
    private readonly cookie: string,
    private readonly csrf: string,
  ) {}

  static async login(baseURL: string, username: string): Promise<Officer> {
    const res = await fetch(`${baseURL}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: PASSWORD }),
    });
    if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
    const cookie = /(sealvote_session=[^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1];
    if (!cookie) throw new Error('no session cookie');
    const { csrfToken } = (await res.json()) as { csrfToken: string };
    return new Officer(baseURL, cookie, csrfToken);
  }

  async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.baseURL}${path}`, {
      method,
      headers: { cookie: this.cookie, 'x-csrf-token': this.csrf, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }
}

export interface PreparedMeeting {
  meetingId: string;
  members: string[];
  observers: string[];
  plainItem: string;
  plainNominee: string;
  competitiveItem: string;
  competitiveNominees: string[];
}

export async function prepareMeeting(baseURL: string, spec: { members: number; observers: number }): Promise<PreparedMeeting> {
  const clerk = await Officer.login(baseURL, 'clerk');
  const committee = await clerk.call<{ id: string }>('POST', '/api/committees', { name: '中共某县委常委会' });
  const c = `/api/committees/${committee.id}`;
  const members: string[] = [];
  const observers: string[] = [];
  for (let i = 1; i <= spec.members; i++) {
    const p = await clerk.call<{ id: string; name: string }>('POST', `${c}/persons`, { kind: 'member', name: `常委${i}`, unit: '县委', title: '常委' });
    members.push(p.name);
  }
  for (let i = 1; i <= spec.observers; i++) {
    const p = await clerk.call<{ id: string; name: string }>('POST', `${c}/persons`, { kind: 'observer', name: `列席${i}`, unit: '县人大', title: '副主任' });
    observers.push(p.name);
  }
  const post1 = await clerk.call<{ id: string }>('POST', `${c}/posts`, { unit: '县财政局', title: '局长' });
  const post2 = await clerk.call<{ id: string }>('POST', `${c}/posts`, { unit: '县发改委', title: '副主任' });
  const n1 = await clerk.call<{ id: string }>('POST', `${c}/nominees`, { name: '张明', birthDate: '1978-04-12', currentPost: '县财政局副局长', resume: '1996年参加工作。\n2015年起任县财政局副局长。' });
  const n2 = await clerk.call<{ id: string }>('POST', `${c}/nominees`, { name: '李华', birthDate: '1982-09-01', currentPost: '县发改委科长', resume: '2004年参加工作。' });
  const n3 = await clerk.call<{ id: string }>('POST', `${c}/nominees`, { name: '王强', birthDate: '1985-01-20', currentPost: '县统计局科长', resume: '2007年参加工作。' });
  const { meeting } = await clerk.call<{ meeting: { id: string } }>('POST', '/api/meetings', { committeeId: committee.id, date: todayInShanghai(), title: '县委常委会第十二次会议' });
  const plain = await clerk.call<{ id: string }>('POST', `/api/meetings/${meeting.id}/items`, { title: '任命张明为县财政局局长', postId: post1.id, nomineeIds: [n1.id] });
  const competitive = await clerk.call<{ id: string }>('POST', `/api/meetings/${meeting.id}/items`, {
    title: '差额推荐县发改委副主任(2 选 1)',
    postId: post2.id,
    nomineeIds: [n2.id, n3.id],
    seats: 1,
  });
  return {
    meetingId: meeting.id,
    members,
    observers,
    plainItem: plain.id,
    plainNominee: n1.id,
    competitiveItem: competitive.id,
    competitiveNominees: [n2.id, n3.id],
  };
}

