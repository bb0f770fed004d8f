/**
 * Preparation (clerk): the committees, and one committee's roster (in its order, 排序), posts,
 * nominees and meetings — each row can be corrected or removed until a sealed meeting holds it
 * (the server answers in_use, shown beside the button).
 */
import { ApiError } from '../lib/api';
import { byId, h, show } from '../lib/dom';
import { buildForm, type FieldSpec } from '../lib/forms';
import { t, type MessageKey } from '../i18n';
import { confirmAction, editDialog } from './dialog';
import { birthMonth, enumText, idSuffixNote, meetingDate } from './format';
import { api, enc, has, messageOf, post } from './session';
import type { Committee, Meeting, MeetingDetail, Nominee, Person, Post } from './types';
import { DEFAULT_POLICIES, defaultPoliciesFor, POLICY_CHOICES, POLICY_SOURCES, type CommitteePolicies } from '../../../src/rules';
import { button, link, section, table } from './ui';

const COMMITTEE_KINDS = ['standing', 'full'] as const;
/** docs/coissuance.md: co-issued (the commission co-signs every token) is offered first. */
const ISSUANCE = ['coissued', 'service'] as const;

/** The policy names in the order the form and the table show them, with their enum text kind. */
const POLICIES = [
  ['ratio', 'ratio'],
  ['majority', 'majority'],
  ['bar', 'barRule'],
  ['motion', 'motion'],
] as const satisfies ReadonlyArray<readonly [keyof CommitteePolicies, string]>;

/** A policy choice in words: what it means (zh-CN first) and where the seeds say it. */
function policyText(name: keyof CommitteePolicies, value: string): string {
  const kind = POLICIES.find(([n]) => n === name)![1];
  return enumText(kind, value);
}

function policySource(name: keyof CommitteePolicies, value: string): string {
  const src = (POLICY_SOURCES[name] as Record<string, { seed: string; place: string; quote: string }>)[value];
  return src ? t('console.committee.policy.source', { seed: src.seed, place: src.place, quote: src.quote }) : '';
}

/** The committee's policies, each with its meaning and source (rules.md R2, R3, R8, R10). */
export function policiesList(policies: CommitteePolicies): HTMLElement {
  return h(
    'dl',
    { class: 'policies', 'data-policies': '' },
    ...POLICIES.flatMap(([name]) => [
      h('dt', {}, t(`console.committee.policy.${name}` as MessageKey)),
      h('dd', { 'data-policy': name, 'data-value': policies[name] }, policyText(name, policies[name]), h('br', {}), h('small', {}, policySource(name, policies[name]))),
    ]),
  );
}

export async function renderCommittees(): Promise<void> {
  const { committees } = await api<{ committees: Committee[] }>('/api/committees');
  const rows = committees.map((c) => [
    link(`#/committee/${enc(c.id)}`, c.name),
    enumText('committeeKind', c.kind),
    h('code', {}, c.timeZone),
    policiesList(c.policies),
    enumText('issuance', c.issuance ?? 'service'),
  ]);
  const standing = committees.filter((c) => c.kind === 'standing');
  const choice = (name: keyof CommitteePolicies): FieldSpec => ({
    name,
    label: t(`console.committee.policy.${name}` as MessageKey),
    kind: 'select',
    value: DEFAULT_POLICIES[name],
    options: (POLICY_CHOICES[name] as readonly string[]).map((v) => [v, `${policyText(name, v)}${v === DEFAULT_POLICIES[name] ? t('console.committee.policy.default') : ''}`]),
  });
  const form = has('clerk')
    ? buildForm(
        [
          { name: 'name', label: t('console.committee.name'), kind: 'text', wide: true },
          { name: 'kind', label: t('console.committee.kind'), kind: 'select', options: COMMITTEE_KINDS.map((k) => [k, enumText('committeeKind', k)]) },
          {
            name: 'standingCommitteeId',
            label: t('console.committee.standingOf'),
            kind: 'select',
            options: [['', t('console.committee.standingOf.none')], ...standing.map((c): [string, string] => [c.id, c.name])],
          },
          { name: 'timeZone', label: t('console.committee.timeZone'), kind: 'text', value: 'Asia/Shanghai' },
          ...POLICIES.map(([name]) => choice(name)),
          { name: 'issuance', label: t('console.committee.issuance'), kind: 'select', options: ISSUANCE.map((r) => [r, enumText('issuance', r)]) },
        ],
        t('common.add'),
        async (v) => {
          const { standingCommitteeId, ratio, majority, bar, motion, ...rest } = v as Record<string, unknown>;
          const body = { ...rest, policies: { ratio, majority, bar, motion } };
          // Only a full committee names the standing committee whose nominations it decides (R13).
          await post('/api/committees', rest.kind === 'full' && standingCommitteeId ? { ...body, standingCommitteeId } : body);
          await renderCommittees();
        },
        { messageOf, id: 'new-committee' },
      )
    : null;
  // R13: a full committee's defaults are 000's ("半数以上"); choosing the kind resets each choice to its kind's default.
  const kindSelect = form?.querySelector<HTMLSelectElement>('select[name=kind]');
  kindSelect?.addEventListener('change', () => {
    const defaults = defaultPoliciesFor(kindSelect.value === 'full' ? 'full' : 'standing');
    for (const [name] of POLICIES) {
      const select = form!.querySelector<HTMLSelectElement>(`select[name=${name}]`);
      if (select) select.value = defaults[name];
    }
  });
  // Every choice with its source, so the clerk reads the seeds' words before choosing.
  const sources = h(
    'ul',
    { class: 'policy-sources' },
    ...POLICIES.flatMap(([name]) => (POLICY_CHOICES[name] as readonly string[]).map((v) => h('li', {}, `${policyText(name, v)}:${policySource(name, v)}`))),
  );
  show(
    byId('main'),
    h('h1', {}, t('console.nav.committees')),
    section(
      t('console.nav.committees'),
      rows.length ? table([t('console.committee.name'), t('console.committee.kind'), t('console.committee.timeZone'), t('console.committee.policies'), t('console.committee.issuance')], rows) : h('p', {}, t('common.none')),
    ),
    form ? section(t('console.committee.new'), h('p', {}, t('console.committee.policies.fixed')), form, sources) : null,
  );
}

/** R13: only a full committee has alternate members (候补委员). */
const rosterKinds = (c: Committee) => (c.kind === 'full' ? (['member', 'alternate', 'observer'] as const) : (['member', 'observer'] as const));

const personFields = (c: Committee, p?: Person): FieldSpec[] => [
  { name: 'kind', label: t('console.person.kind'), kind: 'select', options: rosterKinds(c).map((k) => [k, enumText('kind', k)]), ...(p ? { value: p.kind } : {}) },
  { name: 'name', label: t('console.person.name'), kind: 'text', value: p?.name ?? '' },
  { name: 'unit', label: t('console.person.unit'), kind: 'text', value: p?.unit ?? '' },
  { name: 'title', label: t('console.person.title'), kind: 'text', value: p?.title ?? '' },
];

const postFields = (p?: Post): FieldSpec[] => [
  { name: 'unit', label: t('console.post.unit'), kind: 'text', value: p?.unit ?? '' },
  { name: 'title', label: t('console.post.title'), kind: 'text', value: p?.title ?? '' },
];

const nomineeFields = (n?: Nominee): FieldSpec[] => [
  { name: 'name', label: t('console.nominee.name'), kind: 'text', value: n?.name ?? '' },
  { name: 'birthDate', label: t('console.nominee.birthDate'), kind: 'date', value: n?.birthDate ?? '' },
  { name: 'currentPost', label: t('console.nominee.currentPost'), kind: 'text', wide: true, value: n?.currentPost ?? '' },
  { name: 'resume', label: t('console.nominee.resume'), kind: 'textarea', value: n?.resume ?? '', required: false },
];

/** Sends only what changed, so an unchanged identity never trips the server's in_use check. */
function changed<T extends object>(before: T, after: Record<string, unknown>): Partial<T> {
  return Object.fromEntries(Object.entries(after).filter(([k, v]) => (before as Record<string, unknown>)[k] !== v)) as Partial<T>;
}

/**
 * R15: one person is one record. When the server finds the same name (and birth date) it refuses
 * and lists the records; the clerk may confirm "a different person" (logged by the server), and
 * the request goes again naming those records in distinctFrom. Anything else is thrown as is.
 */
async function withIdentityCheck(send: (distinctFrom?: string[]) => Promise<void>): Promise<void> {
  try {
    await send();
  } catch (e) {
    if (!(e instanceof ApiError) || (e.code !== 'duplicate_person' && e.code !== 'duplicate_nominee')) throw e;
    const existing = Array.isArray(e.problem.existing) ? (e.problem.existing as Array<{ id?: unknown }>).map((r) => String(r.id ?? '')).filter(Boolean) : [];
    const ok = await confirmAction({
      title: t('console.duplicate.title'),
      lines: [messageOf(e), t(e.code === 'duplicate_nominee' ? 'console.duplicate.nominee' : 'console.duplicate.person')],
      confirmLabel: t('console.duplicate.confirm'),
    });
    if (!ok || existing.length === 0) throw e;
    await send(existing);
  }
}

const withDistinct = (v: Record<string, unknown>, distinctFrom?: string[]) => (distinctFrom ? { ...v, distinctFrom } : v);

async function removeWithConfirm(title: MessageKey, lines: string[], path: string, again: () => Promise<void>): Promise<void> {
  if (!(await confirmAction({ title: t(title), lines, confirmLabel: t('console.confirm.delete'), danger: true }))) return;
  await api(path, { method: 'DELETE' });
  await again();
}

export async function renderCommittee(id: string): Promise<void> {
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

  const personActions = (p: Person, i: number, sameKind: Person[]) =>
    h(
      'span',
      { class: 'row-actions' },
      button(t('console.moveUp'), async () => {
        await api(`/api/persons/${enc(p.id)}`, { method: 'PATCH', body: { rank: i } });
        await again();
      }, 'secondary', { 'data-move': 'up', ...(i === 0 ? { disabled: '' } : {}) }),
      button(t('console.moveDown'), async () => {
        await api(`/api/persons/${enc(p.id)}`, { method: 'PATCH', body: { rank: i + 2 } });
        await again();
      }, 'secondary', { 'data-move': 'down', ...(i === sameKind.length - 1 ? { disabled: '' } : {}) }),
      button(t('console.edit'), () =>
        editDialog(t('console.person.edit.title', { name: p.name }), personFields(committee, p), t('common.save'), async (v) => {
          await withIdentityCheck((d) => api(`/api/persons/${enc(p.id)}`, { method: 'PATCH', body: withDistinct(changed(p, v), d) }));
          await again();
        }, 'edit-person'),
      'secondary', { 'data-edit': '' }),
      button(t(p.active ? 'console.person.deactivate' : 'console.person.activate'), async () => {
        await api(`/api/persons/${enc(p.id)}`, { method: 'PATCH', body: { active: !p.active } });
        await again();
      }),
      button(t('console.delete'), () => removeWithConfirm('console.person.delete.title', [t('console.person.delete.confirm', { name: p.name })], `/api/persons/${enc(p.id)}`, again), 'secondary', { 'data-delete': '' }),
    );

  const rosterRows = rosterKinds(committee).flatMap((kind) => {
    const sameKind = persons.filter((p) => p.kind === kind);
    return sameKind.map((p, i) => {
      const row: (Node | string)[] = [String(p.rank), enumText('kind', p.kind), p.name, p.unit, p.title, t(p.active ? 'common.yes' : 'common.no')];
      if (clerk) row.push(personActions(p, i, sameKind));
      return row;
    });
  });
  const roster = table(
    [t('console.person.rank'), t('console.person.kind'), t('console.person.name'), t('console.person.unit'), t('console.person.title'), t('console.person.active'), ...(clerk ? [''] : [])],
    rosterRows,
    { id: 'roster' },
  );

  const postRows = posts.map((p) => [
    p.unit,
    p.title,
    ...(clerk
      ? [
          h(
            'span',
            { class: 'row-actions' },
            button(t('console.edit'), () =>
              editDialog(t('console.post.edit.title', { post: `${p.unit} ${p.title}` }), postFields(p), t('common.save'), async (v) => {
                await api(`/api/posts/${enc(p.id)}`, { method: 'PATCH', body: changed(p, v) });
                await again();
              }, 'edit-post'),
            'secondary', { 'data-edit': '' }),
            button(t('console.delete'), () => removeWithConfirm('console.post.delete.title', [t('console.post.delete.confirm', { post: `${p.unit} ${p.title}` })], `/api/posts/${enc(p.id)}`, again), 'secondary', { 'data-delete': '' }),
          ),
        ]
      : []),
  ]);

  const nomineeRows = nominees.map((n) => [
    n.name,
    birthMonth(n.birthDate),
    n.currentPost,
    n.resume ? h('details', { class: 'resume' }, h('summary', {}, t('console.nominee.resumeShow')), h('p', { class: 'pre' }, n.resume)) : '',
    ...(clerk
      ? [
          h(
            'span',
            { class: 'row-actions' },
            button(t('console.edit'), () =>
              editDialog(t('console.nominee.edit.title', { name: n.name }), nomineeFields(n), t('common.save'), async (v) => {
                await withIdentityCheck((d) => api(`/api/nominees/${enc(n.id)}`, { method: 'PATCH', body: withDistinct(changed(n, v), d) }));
                await again();
              }, 'edit-nominee'),
            'secondary', { 'data-edit': '' }),
            button(t('console.delete'), () => removeWithConfirm('console.nominee.delete.title', [t('console.nominee.delete.confirm', { name: n.name })], `/api/nominees/${enc(n.id)}`, again), 'secondary', { 'data-delete': '' }),
          ),
        ]
      : []),
  ]);

  show(
    byId('main'),
    h('h1', {}, committee.name),
    h('p', { class: 'muted', id: 'committee-kind' }, enumText('committeeKind', committee.kind)),
    section(t('console.committee.policies'), policiesList(committee.policies)),

    section(
      t('console.persons'),
      roster,
      clerk
        ? buildForm(personFields(committee), t('common.add'), async (v) => {
            await withIdentityCheck((d) => post(`${base}/persons`, withDistinct(v, d)));
            await again();
          }, { messageOf, id: 'add-person' })
        : null,
    ),
    section(
      t('console.posts'),
      table([t('console.post.unit'), t('console.post.title'), ...(clerk ? [''] : [])], postRows, { id: 'posts' }),
      clerk
        ? buildForm(postFields(), t('common.add'), async (v) => {
            await post(`${base}/posts`, v);
            await again();
          }, { messageOf, id: 'add-post' })
        : null,
    ),
    section(
      t('console.nominees'),
      table([t('console.nominee.name'), t('console.nominee.birthDate'), t('console.nominee.currentPost'), t('console.nominee.resume'), ...(clerk ? [''] : [])], nomineeRows, { id: 'nominees' }),
      clerk
        ? buildForm(nomineeFields(), t('common.add'), async (v) => {
            await withIdentityCheck((d) => post(`${base}/nominees`, withDistinct(v, d)));
            await again();
          }, { messageOf, id: 'add-nominee' })
        : null,
    ),
    section(
      t('console.nav.meetings'),
      table(
        [t('console.meeting.date'), t('console.meeting.title'), t('console.meeting.status'), ''],
        meetings.map((m) => [
          meetingDate(m.date),
          h('span', {}, m.title, ' ', idSuffixNote(m.id)),
          t(`meeting.status.${m.status}` as MessageKey),
          link(`#/meeting/${enc(m.id)}`, t('console.meeting.open')),
        ]),
      ),
      clerk
        ? buildForm(
            [
              { name: 'date', label: t('console.meeting.date'), kind: 'date' },
              { name: 'title', label: t('console.meeting.title'), kind: 'text', wide: true },
              // R13: a full committee decides in a sitting or by written consultation (docs/full-committee.md §5).
              ...(committee.kind === 'full'
                ? ([
                    { name: 'kind', label: t('console.meeting.kind'), kind: 'select', options: [['sitting', t('console.meeting.kind.sitting')], ['consultation', t('console.meeting.kind.consultation')]] },
                    { name: 'closesOn', label: t('console.meeting.closesOn'), kind: 'date' },
                  ] satisfies FieldSpec[])
                : []),
            ],
            t('console.meeting.new'),
            async (v) => {
              const { kind, closesOn, ...rest } = v as Record<string, unknown>;
              const body = kind === 'consultation' ? { ...rest, kind, closesOn } : rest;
              const { meeting } = await post<MeetingDetail>('/api/meetings', { committeeId: id, ...body });
              location.hash = `#/meeting/${enc(meeting.id)}`;
            },
            { messageOf, id: 'new-meeting' },
          )
        : null,
    ),
  );
}
