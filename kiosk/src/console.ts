/**
 * The officer console (clerk, presiding officer, inspector, filer, admin). Cookie session from
 * POST /api/auth/login; every state change carries the session's CSRF token (x-csrf-token).
 * Views by hash: #/committees, #/committee/<id>, #/meetings, #/meeting/<id>, #/live/<id>, #/officers.
 */
import { apiRequest, ApiError, browserFetch, type RequestOptions } from './lib/api';
import { byId, clear, h, show } from './lib/dom';
import { buildForm, type FormValues } from './lib/forms';
import { itemActions, progressNumbers, quorumView, type LiveAction } from './lib/live-panel';
import { readMeetingState, type MeetingView } from './lib/meeting-state';
import { readItemResult, type ItemResultView } from './lib/result';
import { watchMeeting } from './lib/watch';
import { initLang, mountLangSwitch, onLangChange, t, type MessageKey } from './i18n';

interface Officer {
  id: string;
  username: string;
  displayName: string;
  role: 'admin' | 'clerk' | 'presiding' | 'inspector' | 'filer';
}
interface Committee { id: string; name: string; timeZone: string; barRule: string }
interface Person { id: string; kind: 'member' | 'observer'; name: string; unit: string; title: string; active: boolean }
interface Post { id: string; unit: string; title: string }
interface Nominee { id: string; name: string; birthDate: string; currentPost: string; resume: string }
interface Meeting { id: string; committeeId: string; date: string; title: string; status: string }
interface Attendee { personId: string; class: 'A' | 'B'; name: string; unit: string; title: string; excusedReason: string | null; present: boolean; slip: string }
interface Item {
  id: string;
  title: string;
  post: Post;
  seats: number;
  openSelection: boolean;
  passRule: string;
  status: string;
  round: number;
  nominees: Nominee[];
}
interface MeetingDetail { meeting: Meeting; attendees: Attendee[]; items: Item[] }

const main = byId('main');
const live = byId('live');
let officer: Officer | null = null;
let csrf = '';
let stopWatch: (() => void) | null = null;
const SIGNED_IN = 'sealvote.console.signedIn';

function messageOf(e: unknown): string {
  if (e instanceof ApiError) return [e.problem.title, e.problem.detail].filter(Boolean).join(': ') || e.message;
  return e instanceof Error ? e.message : String(e);
}

function api<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const write = opts.method && opts.method !== 'GET';
  return apiRequest<T>(browserFetch, path, { credentials: 'same-origin', ...opts, ...(write ? { csrf } : {}) });
}

const post = <T>(path: string, body: unknown = {}) => api<T>(path, { method: 'POST', body });
const enc = encodeURIComponent;
const has = (...roles: Officer['role'][]) => !!officer && roles.includes(officer.role);
const say = (m: string) => (live.textContent = m);

function section(title: string, ...children: (Node | null)[]): HTMLElement {
  return h('section', { class: 'panel' }, h('h2', {}, title), ...children);
}

function table(headers: string[], rows: (Node | string)[][]): HTMLTableElement {
  return h(
    'table',
    { class: 'list' },
    h('thead', {}, h('tr', {}, ...headers.map((x) => h('th', { scope: 'col' }, x)))),
    h('tbody', {}, ...rows.map((r) => h('tr', {}, ...r.map((c) => h('td', {}, c))))),
  );
}

function link(hash: string, text: string): HTMLAnchorElement {
  return h('a', { href: hash }, text);
}

function button(label: string, onClick: () => Promise<void> | void, cls = 'secondary', attrs: Record<string, string> = {}): HTMLButtonElement {
  const b = h('button', { type: 'button', class: cls, ...attrs }, label);
  b.addEventListener('click', () => {
    b.disabled = true;
    Promise.resolve(onClick())
      .catch((e: unknown) => {
        const alert = byId('alert');
        alert.hidden = false;
        alert.textContent = t('common.error', { message: messageOf(e) });
      })
      .finally(() => (b.disabled = false));
  });
  return b;
}

// ---------------------------------------------------------------- login and shell

function renderLogin(): void {
  byId('nav').hidden = true;
  byId('logout').hidden = true;
  byId('who').textContent = '';
  const form = buildForm(
    [
      { name: 'username', label: t('console.login.username'), kind: 'text', autocomplete: 'username' },
      { name: 'password', label: t('console.login.password'), kind: 'password', autocomplete: 'current-password' },
    ],
    t('console.login.submit'),
    async (v) => {
      const res = await post<{ officer: Officer; csrfToken: string }>('/api/auth/login', { username: v.username, password: v.password });
      signedIn(res.officer, res.csrfToken);
    },
    { id: 'login', messageOf: (e) => t('console.login.failed', { message: messageOf(e) }) },
  );
  show(main, section(t('console.login.heading'), form));
  main.querySelector<HTMLInputElement>('input[name=username]')?.focus();
}

function signedIn(o: Officer, token: string): void {
  sessionStorage.setItem(SIGNED_IN, '1');
  officer = o;
  csrf = token;
  byId('who').textContent = t('console.whoami', { name: o.displayName, role: t(`role.${o.role}` as MessageKey) });
  byId('logout').hidden = false;
  const nav = byId('nav');
  nav.hidden = false;
  nav.querySelector<HTMLElement>('[data-view=officers]')!.hidden = o.role !== 'admin';
  nav.querySelector<HTMLElement>('[data-view=committees]')!.hidden = o.role === 'admin';
  nav.querySelector<HTMLElement>('[data-view=meetings]')!.hidden = o.role === 'admin';
  if (!location.hash || location.hash === '#/') location.hash = o.role === 'admin' ? '#/officers' : '#/meetings';
  else void route();
}

async function route(): Promise<void> {
  stopWatch?.();
  stopWatch = null;
  byId('alert').hidden = true;
  if (!officer) return renderLogin();
  const [, view = '', id = ''] = location.hash.split('/');
  byId('nav')
    .querySelectorAll<HTMLElement>('[data-view]')
    .forEach((b) => (b.dataset.view === view ? b.setAttribute('aria-current', 'page') : b.removeAttribute('aria-current')));
  try {
    switch (view) {
      case 'committees':
        return await renderCommittees();
      case 'committee':
        return await renderCommittee(decodeURIComponent(id));
      case 'meeting':
        return await renderMeeting(decodeURIComponent(id));
      case 'live':
        return await renderLive(decodeURIComponent(id));
      case 'officers':
        return await renderOfficers();
      default:
        return await renderMeetings();
    }
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) {
      officer = null;
      return renderLogin();
    }
    show(main, h('p', { class: 'error', role: 'alert' }, t('common.error', { message: messageOf(e) })));
  }
}

// ---------------------------------------------------------------- preparation (clerk)

async function renderCommittees(): Promise<void> {
  const { committees } = await api<{ committees: Committee[] }>('/api/committees');
  const rows = committees.map((c) => [link(`#/committee/${enc(c.id)}`, c.name), c.timeZone, c.barRule]);
  const form = has('clerk')
    ? buildForm(
        [
          { name: 'name', label: t('console.committee.name'), kind: 'text', wide: true },
          { name: 'timeZone', label: t('console.committee.timeZone'), kind: 'text', value: 'Asia/Shanghai' },
          { name: 'barRule', label: t('console.committee.barRule'), kind: 'select', options: [['disapprove-half', 'disapprove-half (R3)'], ['not-approved', 'not-approved']] },
        ],
        t('common.add'),
        async (v) => {
          await post('/api/committees', v);
          await renderCommittees();
        },
        { messageOf },
      )
    : null;
  show(
    main,
    section(t('console.nav.committees'), rows.length ? table([t('console.committee.name'), t('console.committee.timeZone'), t('console.committee.barRule')], rows) : h('p', {}, t('common.none'))),
    form ? section(t('console.committee.new'), form) : null,
  );
}

async function renderCommittee(id: string): Promise<void> {
  const base = `/api/committees/${enc(id)}`;
  const [committee, { persons }, { posts }, { nominees }, { meetings }] = await Promise.all([
    api<Committee>(base),
    api<{ persons: Person[] }>(`${base}/persons`),
    api<{ posts: Post[] }>(`${base}/posts`),
    api<{ nominees: Nominee[] }>(`${base}/nominees`),
    api<{ meetings: Meeting[] }>(`/api/meetings?committeeId=${enc(id)}`),
  ]);
  const clerk = has('clerk');
  const again = () => renderCommittee(id);
  const roster = table(
    [t('console.person.kind'), t('console.person.name'), t('console.person.unit'), t('console.person.title'), t('console.person.active')],
    persons.map((p) => [
      t(p.kind === 'member' ? 'console.person.member' : 'console.person.observer'),
      p.name,
      p.unit,
      p.title,
      clerk
        ? button(t(p.active ? 'console.person.deactivate' : 'console.person.activate'), async () => {
            await api(`/api/persons/${enc(p.id)}`, { method: 'PATCH', body: { active: !p.active } });
            await again();
          })
        : t(p.active ? 'common.yes' : 'common.no'),
    ]),
  );
  show(
    main,
    h('h1', {}, committee.name),
    section(
      t('console.persons'),
      roster,
      clerk
        ? buildForm(
            [
              { name: 'kind', label: t('console.person.kind'), kind: 'select', options: [['member', t('console.person.member')], ['observer', t('console.person.observer')]] },
              { name: 'name', label: t('console.person.name'), kind: 'text' },
              { name: 'unit', label: t('console.person.unit'), kind: 'text' },
              { name: 'title', label: t('console.person.title'), kind: 'text' },
            ],
            t('common.add'),
            async (v) => {
              await post(`${base}/persons`, v);
              await again();
            },
            { messageOf, id: 'add-person' },
          )
        : null,
    ),
    section(
      t('console.posts'),
      table([t('console.post.unit'), t('console.post.title')], posts.map((p) => [p.unit, p.title])),
      clerk
        ? buildForm(
            [
              { name: 'unit', label: t('console.post.unit'), kind: 'text' },
              { name: 'title', label: t('console.post.title'), kind: 'text' },
            ],
            t('common.add'),
            async (v) => {
              await post(`${base}/posts`, v);
              await again();
            },
            { messageOf, id: 'add-post' },
          )
        : null,
    ),
    section(
      t('console.nominees'),
      table(
        [t('console.nominee.name'), t('console.nominee.birthDate'), t('console.nominee.currentPost'), t('console.nominee.resume')],
        nominees.map((n) => [n.name, n.birthDate, n.currentPost, n.resume]),
      ),
      clerk
        ? buildForm(
            [
              { name: 'name', label: t('console.nominee.name'), kind: 'text' },
              { name: 'birthDate', label: t('console.nominee.birthDate'), kind: 'date' },
              { name: 'currentPost', label: t('console.nominee.currentPost'), kind: 'text', wide: true },
              { name: 'resume', label: t('console.nominee.resume'), kind: 'textarea' },
            ],
            t('common.add'),
            async (v) => {
              await post(`${base}/nominees`, v);
              await again();
            },
            { messageOf, id: 'add-nominee' },
          )
        : null,
    ),
    section(
      t('console.nav.meetings'),
      table([t('console.meeting.date'), t('console.meeting.title'), ''], meetings.map((m) => [m.date, m.title, link(`#/meeting/${enc(m.id)}`, t('console.meeting.open'))])),
      clerk
        ? buildForm(
            [
              { name: 'date', label: t('console.meeting.date'), kind: 'date' },
              { name: 'title', label: t('console.meeting.title'), kind: 'text', wide: true },
            ],
            t('console.meeting.new'),
            async (v) => {
              const { meeting } = await post<MeetingDetail>('/api/meetings', { committeeId: id, ...v });
              location.hash = `#/meeting/${enc(meeting.id)}`;
            },
            { messageOf, id: 'new-meeting' },
          )
        : null,
    ),
  );
}

async function renderMeetings(): Promise<void> {
  const { meetings } = await api<{ meetings: Meeting[] }>('/api/meetings');
  const rows = meetings.map((m) => [
    m.date,
    m.title,
    t(`meeting.status.${m.status}` as MessageKey),
    h(
      'span',
      { class: 'row-actions' },
      link(`#/meeting/${enc(m.id)}`, t('console.meeting.open')),
      link(`#/live/${enc(m.id)}`, t('console.nav.live')),
      ...recordLinks(m),
    ),
  ]);
  show(main, section(t('console.nav.meetings'), rows.length ? table([t('console.meeting.date'), t('console.meeting.title'), '', ''], rows) : h('p', {}, t('common.none'))));
}

/**
 * The record as a file (docs/inspector.md §2) and the inspector's page, for the roles that read
 * records; a draft meeting has no record yet.
 */
function recordLinks(m: Meeting): HTMLElement[] {
  if (m.status === 'draft' || !has('inspector', 'filer', 'presiding', 'clerk')) return [];
  return [
    h('a', { href: `/api/meetings/${enc(m.id)}/record?download=1`, download: `sealvote-record-${m.id}.json`, 'data-download': m.id }, t('console.meeting.download')),
    h('a', { href: `/inspector/?meeting=${enc(m.id)}`, 'data-inspect': m.id }, t('console.meeting.inspect')),
  ];
}

/** Issues slips and opens the server's printable page (codes appear only in this answer). */
async function printSlips(meetingId: string, reissuePerson?: string): Promise<void> {
  const win = window.open('', '_blank');
  const res = await fetch(reissuePerson ? `/api/meetings/${enc(meetingId)}/slips/${enc(reissuePerson)}/reissue` : `/api/meetings/${enc(meetingId)}/slips`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { accept: reissuePerson ? 'application/json' : 'text/html', 'x-csrf-token': csrf },
  });
  if (!res.ok) {
    win?.close();
    throw new ApiError(res.status, (await res.json().catch(() => ({}))) as Record<string, unknown>);
  }
  let html: string;
  if (reissuePerson) {
    const { slips } = (await res.json()) as { slips: Array<{ name: string; code: string }> };
    html = `<!doctype html><html><head><link rel="stylesheet" href="/kiosk/print.css"></head><body>${slips.map(() => '<section class="slip"><p class="name"></p><p class="code"><code></code></p></section>').join('')}</body></html>`;
    const doc = new DOMParser().parseFromString(html, 'text/html');
    doc.querySelectorAll('.slip').forEach((el, i) => {
      el.querySelector('.name')!.textContent = slips[i]!.name;
      el.querySelector('code')!.textContent = slips[i]!.code;
    });
    html = doc.documentElement.outerHTML;
  } else {
    html = await res.text();
  }
  if (!win) return;
  // Parsed, never executed: DOMParser runs no script, and the opened window inherits the console's CSP.
  const doc = new DOMParser().parseFromString(html, 'text/html');
  win.document.title = doc.title;
  for (const node of [...doc.head.querySelectorAll('link[rel=stylesheet]')]) {
    win.document.head.append(win.document.importNode(node, true));
  }
  win.document.body.replaceChildren(...[...doc.body.childNodes].map((n) => win.document.importNode(n, true)));
  win.document.documentElement.lang = 'zh-CN';
  say(t('console.slips.note'));
}

async function renderMeeting(id: string): Promise<void> {
  const detail = await api<MeetingDetail>(`/api/meetings/${enc(id)}`);
  const { meeting, attendees, items } = detail;
  const clerk = has('clerk');
  const draft = meeting.status === 'draft';
  const again = () => renderMeeting(id);
  const [{ posts }, { nominees }] = clerk
    ? await Promise.all([api<{ posts: Post[] }>(`/api/committees/${enc(meeting.committeeId)}/posts`), api<{ nominees: Nominee[] }>(`/api/committees/${enc(meeting.committeeId)}/nominees`)])
    : [{ posts: [] }, { nominees: [] }];

  const attendeeRows = attendees.map((a) => [
    t(`class.${a.class}` as MessageKey),
    a.name,
    `${a.unit} ${a.title}`,
    a.excusedReason ? t('console.excused', { reason: a.excusedReason }) : t(a.present ? 'console.live.signedIn' : 'console.live.absent'),
    clerk && !a.excusedReason && meeting.status !== 'closed' && a.slip !== 'none' && !a.present
      ? button(t('console.slips.reissue'), () => printSlips(id, a.personId))
      : a.slip,
  ]);
  const itemRows = items.map((i) => [
    i.title,
    `${i.post.unit} ${i.post.title}`,
    i.nominees.map((n) => n.name).join('、'),
    `${i.seats}${i.openSelection ? ' (1:3)' : ''} · ${i.passRule}`,
    t(`item.status.${i.status}` as MessageKey),
    clerk && draft
      ? button(t('console.item.delete'), async () => {
          await api(`/api/items/${enc(i.id)}`, { method: 'DELETE' });
          await again();
        })
      : '',
  ]);
  show(
    main,
    h('h1', {}, meeting.title),
    h(
      'p',
      { class: 'row-actions' },
      `${t('console.meeting.id')}: `,
      h('code', { id: 'meeting-id' }, meeting.id),
      ` · ${meeting.date} · ${t(`meeting.status.${meeting.status}` as MessageKey)} · `,
      link(`#/live/${enc(meeting.id)}`, t('console.nav.live')),
      link(`/projector/?meeting=${enc(meeting.id)}`, t('landing.projector')),
      link(`/tablet/?meeting=${enc(meeting.id)}`, t('landing.tablet')),
      ...recordLinks(meeting),
    ),
    section(
      t('console.items'),
      table([t('console.item.title'), t('console.item.post'), t('console.nominees'), t('console.item.seats'), '', ''], itemRows),
      clerk && draft
        ? buildForm(
            [
              { name: 'title', label: t('console.item.title'), kind: 'text', wide: true },
              { name: 'postId', label: t('console.item.post'), kind: 'select', options: posts.map((p) => [p.id, `${p.unit} ${p.title}`]) },
              { name: 'seats', label: t('console.item.seats'), kind: 'number', min: 1, max: 30, value: 1 },
              { name: 'passRule', label: t('console.item.passRule'), kind: 'select', options: [['majority', t('projector.rule.majority')], ['two-thirds', t('projector.rule.two-thirds')]] },
              { name: 'openSelection', label: t('console.item.openSelection'), kind: 'checkbox' },
              { name: 'nomineeIds', label: t('console.item.nominees'), kind: 'checkboxes', options: nominees.map((n) => [n.id, `${n.name}(${n.currentPost})`]) },
            ],
            t('common.add'),
            async (v: FormValues) => {
              await post(`/api/meetings/${enc(id)}/items`, v);
              await again();
            },
            { messageOf, id: 'add-item' },
          )
        : null,
    ),
    section(
      t('console.attendees'),
      table([t('console.person.kind'), t('console.person.name'), t('console.person.unit'), '', t('console.slips')], attendeeRows),
      clerk && draft
        ? buildForm(
            [
              { name: 'personId', label: t('console.excusal'), kind: 'select', options: attendees.filter((a) => !a.excusedReason).map((a) => [a.personId, a.name]) },
              { name: 'reason', label: t('console.excusal.reason'), kind: 'text' },
            ],
            t('console.excusal'),
            async (v) => {
              await post(`/api/meetings/${enc(id)}/excusals`, v);
              await again();
            },
            { messageOf, id: 'excuse' },
          )
        : null,
    ),
    clerk && meeting.status !== 'closed'
      ? section(
          t('console.slips'),
          h('p', { class: 'note' }, t('console.slips.note')),
          button(t('console.slips.issue'), async () => {
            await printSlips(id);
            await again();
          }, 'primary', { id: 'issue-slips' }),
        )
      : null,
  );
}

// ---------------------------------------------------------------- live (presiding officer)

async function renderLive(id: string): Promise<void> {
  const detail = await api<MeetingDetail>(`/api/meetings/${enc(id)}`);
  let state: MeetingView | null = null;
  const results = new Map<string, ItemResultView>();
  const confirmed = new Set<string>();
  const presiding = has('presiding');
  const presenceBox = h('div', { id: 'presence' });
  const itemsBox = h('div', { id: 'live-items' });
  const meetingBox = h('div', { class: 'row-actions', id: 'meeting-actions' });
  let lastPaint = '';

  const paint = (force = false) => {
    if (!state) return;
    const key = JSON.stringify([state, [...results.entries()], [...confirmed], detail.attendees]);
    if (!force && key === lastPaint) return;
    lastPaint = key;
    const p = state.presence;
    const q = quorumView(p?.due ?? 0, p?.present ?? 0);
    clear(presenceBox);
    presenceBox.append(
      h('p', {}, t('console.live.members', { due: q.due, present: q.present })),
      h('p', {}, t('console.live.observers', { present: p?.presentObservers ?? 0, total: p?.observers ?? 0 })),
      h('p', { class: q.met ? 'quorum-ok' : 'quorum-no', id: 'quorum', 'data-met': String(q.met) }, q.met ? t('console.live.quorum.ok') : t('console.live.quorum.no', { need: q.needed })),
      h(
        'ul',
        { class: 'presence-list' },
        ...detail.attendees.map((a) =>
          h(
            'li',
            { class: a.present ? 'signed-in' : 'absent' },
            `${a.name} (${a.class}) — `,
            a.excusedReason ? t('console.excused', { reason: a.excusedReason }) : t(a.present ? 'console.live.signedIn' : 'console.live.absent'),
            a.present && has('clerk', 'presiding')
              ? button(t('console.live.left'), async () => {
                  await post(`/api/meetings/${enc(id)}/attendees/${enc(a.personId)}/left`);
                  await reloadDetail();
                })
              : null,
          ),
        ),
      ),
    );
    clear(meetingBox);
    if (presiding && state.meeting.status === 'draft') meetingBox.append(button(t('console.live.openMeeting'), () => act(`/api/meetings/${enc(id)}/open`), 'primary', { id: 'open-meeting' }));
    if (presiding && state.meeting.status === 'open') meetingBox.append(button(t('console.live.closeMeeting'), () => act(`/api/meetings/${enc(id)}/close`), 'secondary', { id: 'close-meeting' }));
    clear(itemsBox);
    for (const item of state.items) {
      const box = h('div', { class: `live-item status-${item.status}`, 'data-item': item.id }, h('h3', {}, item.title), h('p', {}, t(`item.status.${item.status}` as MessageKey)));
      const progress = progressNumbers(state.current, item.id);
      if (progress && state.current && !/closed$/.test(state.current.status)) {
        const motion = state.current.purpose === 'motion' ? `${t('tablet.motion')} ` : '';
        box.append(h('p', { class: 'live-progress', 'data-progress': '' }, motion + t('console.live.progress', progress)));
      }
      const result = results.get(item.id);
      if (result && (item.status === 'closed' || item.status === 'announced')) box.append(resultSummary(result));
      const actions = h('div', { class: 'row-actions' });
      for (const action of presiding ? itemActions(item, state.meeting.status, state.current) : []) actions.append(actionButton(action, item.id));
      box.append(actions);
      itemsBox.append(box);
    }
  };

  const resultSummary = (r: ItemResultView): HTMLElement =>
    h(
      'div',
      { class: 'result-summary' },
      h('p', {}, `A: ${t('projector.cast')} ${r.A.cast} / ${t('projector.due')} ${r.A.due ?? '-'}`),
      h(
        'ul',
        {},
        ...r.A.nominees.map((n) =>
          h('li', {}, `${n.name}: ${t('choice.approve')} ${n.approve} · ${t('choice.disapprove')} ${n.disapprove} · ${t('choice.abstain')} ${n.abstain} — ${t(n.approved ? 'projector.approved' : 'projector.rejected')}`),
        ),
      ),
    );

  const actionButton = (action: LiveAction, itemId: string): HTMLElement => {
    const path = `/api/items/${enc(itemId)}/${action}`;
    switch (action) {
      case 'open':
        return button(t('console.live.open'), () => act(path), 'primary', { 'data-action': 'open' });
      case 'close':
        return button(t('console.live.close'), () => act(path), 'primary', { 'data-action': 'close' });
      case 'reconsider':
        return button(t('console.live.reconsider'), () => act(path), 'secondary', { 'data-action': 'reconsider' });
      case 'postpone': {
        const reason = h('input', { type: 'text', 'aria-label': t('console.live.postpone.reason'), placeholder: t('console.live.postpone.reason') });
        return h(
          'span',
          { class: 'row-actions' },
          reason,
          button(t('console.live.postpone'), async () => {
            if (!reason.value.trim()) return reason.focus();
            await act(path, { reason: reason.value.trim() });
          }, 'secondary', { 'data-action': 'postpone' }),
        );
      }
      case 'announce': {
        const r = results.get(itemId);
        // The small-group warning must be seen and confirmed before the result goes public.
        if (r?.smallGroupWarning && !confirmed.has(itemId)) {
          return h(
            'div',
            { class: 'warning', role: 'alert', 'data-warning': '' },
            h('p', {}, t('console.live.smallGroup')),
            h('p', {}, r.smallGroupWarning),
            button(t('console.live.confirmAnnounce'), () => {
              confirmed.add(itemId);
              paint(true);
            }, 'secondary', { 'data-action': 'confirm-announce' }),
          );
        }
        return button(t('console.live.announce'), () => act(path), 'primary', { 'data-action': 'announce' });
      }
    }
  };

  const act = async (path: string, body: unknown = {}) => {
    await post(path, body);
    say(t('console.done'));
    await refresh();
  };

  const reloadDetail = async () => {
    const fresh = await api<MeetingDetail>(`/api/meetings/${enc(id)}`);
    detail.attendees = fresh.attendees;
    await refresh();
  };

  let presenceKey = '';
  const refresh = async () => {
    state = readMeetingState(await api<unknown>(`/api/meetings/${enc(id)}/state`));
    const key = JSON.stringify(state.presence);
    if (presenceKey && key !== presenceKey) {
      presenceKey = key;
      const fresh = await api<MeetingDetail>(`/api/meetings/${enc(id)}`);
      detail.attendees = fresh.attendees;
    }
    presenceKey = key;
    for (const item of state.items) {
      const known = results.get(item.id);
      if ((item.status === 'closed' || item.status === 'announced') && (!known || known.round !== item.round || known.announced !== (item.status === 'announced'))) {
        try {
          results.set(item.id, readItemResult(await api<unknown>(`/api/items/${enc(item.id)}/result`)));
        } catch {
          // A result appears only after close; the next poll tries again.
        }
      }
    }
    paint();
  };

  show(
    main,
    h('h1', {}, `${t('console.live.heading')} — ${detail.meeting.title}`),
    meetingBox,
    section(t('console.live.presence'), presenceBox),
    section(t('console.items'), itemsBox),
  );
  onLangChange(() => paint(true));
  stopWatch = watchMeeting(id, () => void refresh().catch((e: unknown) => say(messageOf(e))));
}

// ---------------------------------------------------------------- accounts (admin)

async function renderOfficers(): Promise<void> {
  const { officers } = await api<{ officers: Array<Officer & { disabled: boolean }> }>('/api/officers');
  const roles: Officer['role'][] = ['admin', 'clerk', 'presiding', 'inspector', 'filer'];
  show(
    main,
    section(
      t('console.nav.officers'),
      table([t('console.officer.username'), t('console.officer.displayName'), t('console.officer.role')], officers.map((o) => [o.username, o.displayName, t(`role.${o.role}` as MessageKey)])),
    ),
    section(
      t('console.officer.new'),
      buildForm(
        [
          { name: 'username', label: t('console.officer.username'), kind: 'text' },
          { name: 'displayName', label: t('console.officer.displayName'), kind: 'text' },
          { name: 'role', label: t('console.officer.role'), kind: 'select', options: roles.map((r) => [r, t(`role.${r}` as MessageKey)]) },
          { name: 'password', label: t('console.officer.password'), kind: 'password', autocomplete: 'new-password' },
        ],
        t('common.add'),
        async (v) => {
          await post('/api/officers', v);
          await renderOfficers();
        },
        { messageOf, id: 'new-officer' },
      ),
    ),
  );
}

// ---------------------------------------------------------------- start

async function start(): Promise<void> {
  initLang();
  mountLangSwitch(byId<HTMLButtonElement>('lang'));
  onLangChange(() => {
    if (officer) byId('who').textContent = t('console.whoami', { name: officer.displayName, role: t(`role.${officer.role}` as MessageKey) });
    if (!location.hash.startsWith('#/live/')) void route();
  });
  byId('nav').addEventListener('click', (ev) => {
    const view = (ev.target as HTMLElement).closest<HTMLElement>('[data-view]')?.dataset.view;
    if (view) location.hash = `#/${view}`;
  });
  byId('logout').addEventListener('click', () => {
    void post('/api/auth/logout').finally(() => {
      officer = null;
      csrf = '';
      sessionStorage.removeItem(SIGNED_IN);
      location.hash = '';
      renderLogin();
    });
  });
  window.addEventListener('hashchange', () => void route());
  // Ask for the session only when this tab signed in before: a 401 probe would be a console error.
  if (sessionStorage.getItem(SIGNED_IN) === '1') {
    try {
      const s = await api<{ officer: Officer; csrfToken: string }>('/api/auth/session');
      return signedIn(s.officer, s.csrfToken);
    } catch {
      sessionStorage.removeItem(SIGNED_IN);
    }
  }
  renderLogin();
}

void start();
