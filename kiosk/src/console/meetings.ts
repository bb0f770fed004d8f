/**
 * Preparation (clerk): the meetings list, and one meeting's agenda, roster, excusals and slips.
 * Until the meeting opens every part can be corrected or removed; afterwards the page says that
 * only the procedure changes it.
 */
import { ballotClassWord } from '../lib/ballot-class-word';
import { byId, h, show } from '../lib/dom';
import { buildForm, type FieldSpec, type FormValues } from '../lib/forms';
import { t, type MessageKey } from '../i18n';
import { confirmAction, editDialog } from './dialog';
import { enumText, idSuffixNote, meetingDate } from './format';
import { nominationsSection } from './nominations';
import { nomineeWithDossier } from './dossier';
import { api, enc, has, messageOf, post, say } from './session';
import { loadReport, reportNodes } from './results';
import { printSlips } from './slips';
import type { Attendee, Committee, Item, Meeting, MeetingDetail, Nominee, Person, Post } from './types';
import { button, link, section, table } from './ui';

export async function renderMeetings(): Promise<void> {
  const { meetings } = await api<{ meetings: Meeting[] }>('/api/meetings');
  const rows = meetings.map((m) => [
    meetingDate(m.date),
    h('span', {}, m.title, ' ', idSuffixNote(m.id)),
    t(`meeting.status.${m.status}` as MessageKey),
    h(
      'span',
      { class: 'row-actions' },
      link(`#/meeting/${enc(m.id)}`, t('console.meeting.open')),
      link(`#/live/${enc(m.id)}`, t('console.nav.live')),
      ...recordLinks(m),
    ),
  ]);
  show(
    byId('main'),
    h('h1', {}, t('console.nav.meetings')),
    rows.length ? table([t('console.meeting.date'), t('console.meeting.title'), t('console.meeting.status'), ''], rows, { id: 'meetings' }) : h('p', {}, t('common.none')),
  );
}

/**
 * The record as a file (docs/inspector.md §2) and the inspector's page, for the roles that read
 * records; a draft meeting has no record yet.
 */
export function recordLinks(m: Meeting): HTMLElement[] {
  if (m.status === 'draft' || !has('inspector', 'filer', 'presiding', 'clerk')) return [];
  return [
    link(`#/results/${enc(m.id)}`, t('console.print.results'), { 'data-results': m.id }),
    link(`#/results/${enc(m.id)}/minutes`, t('console.print.minutes'), { 'data-minutes': m.id }),
    h('a', { href: `/api/meetings/${enc(m.id)}/record?download=1`, download: `sealvote-record-${m.id}.json`, 'data-download': m.id, class: 'action-link' }, t('console.meeting.download')),
    h('a', { href: `/inspector/?meeting=${enc(m.id)}`, 'data-inspect': m.id, class: 'action-link' }, t('console.meeting.inspect')),
  ];
}

function itemFields(posts: Post[], nominees: Nominee[], item?: Item, standing = false): FieldSpec[] {
  return [
    { name: 'title', label: t('console.item.title'), kind: 'text', wide: true, value: item?.title ?? '' },
    { name: 'itemKind', label: t('console.item.itemKind'), kind: 'select', options: [['appointment', enumText('itemKind', 'appointment')], ['removal', enumText('itemKind', 'removal')]], ...(item ? { value: item.itemKind } : {}) },
    { name: 'postId', label: t('console.item.post'), kind: 'select', options: posts.map((p) => [p.id, `${p.unit} ${p.title}`]), ...(item ? { value: item.post.id } : {}) },
    { name: 'seats', label: t('console.item.seats'), kind: 'number', min: 1, max: 30, value: item?.seats ?? 1 },
    { name: 'passRule', label: t('console.item.passRule'), kind: 'select', options: [['majority', enumText('passRule', 'majority')], ['two-thirds', enumText('passRule', 'two-thirds')]], ...(item ? { value: item.passRule } : {}) },
    { name: 'openSelection', label: t('console.item.openSelection'), kind: 'checkbox', value: item?.openSelection ?? false },
    { name: 'nomineeIds', label: t('console.item.nominees'), kind: 'checkboxes', options: nominees.map((n) => [n.id, `${n.name}(${n.currentPost})`]), value: item?.nominees.map((n) => n.id) ?? [] },
    // R13: only a standing committee nominates to the full committee.
    ...(standing ? [{ name: 'nominates', label: t('console.item.nominates'), kind: 'checkbox', value: item?.nominates ?? false } as FieldSpec] : []),
  ];
}

/** "1 个职位 · 超过应到会成员半数通过", or the competitive shape. */
function itemShape(i: Item): string {
  const shape = i.nominees.length > i.seats ? t('console.item.competitive', { n: i.nominees.length, k: i.seats }) : t('console.item.seatsShort', { k: i.seats });
  return [
    i.itemKind === 'removal' ? enumText('itemKind', 'removal') : '',
    i.nominates ? t('console.item.nominatesShort') : '',
    i.cites ? t('console.item.citesShort', { hash: i.cites.tallyHash.slice(0, 16) }) : '',
    shape,
    i.openSelection ? t('console.item.openSelectionShort') : '',
    enumText('passRule', i.passRule),
  ]
    .filter(Boolean)
    .join(' · ');
}

function attendeeStatus(a: Attendee): string {
  if (a.excusedReason) return t('console.excused', { reason: a.excusedReason });
  return t(a.present ? 'console.live.signedIn' : 'console.live.absent');
}

export async function renderMeeting(id: string): Promise<void> {
  const detail = await api<MeetingDetail>(`/api/meetings/${enc(id)}`);
  const { meeting, attendees, items } = detail;
  const clerk = has('clerk');
  const draft = meeting.status === 'draft';
  const editable = clerk && draft;
  const again = () => renderMeeting(id);
  const committee = `/api/committees/${enc(meeting.committeeId)}`;
  const committeeRow = await api<Committee>(committee);
  const committeeKind = committeeRow.kind;
  const [{ posts }, { nominees }, { persons }] = editable
    ? await Promise.all([api<{ posts: Post[] }>(`${committee}/posts`), api<{ nominees: Nominee[] }>(`${committee}/nominees`), api<{ persons: Person[] }>(`${committee}/persons`)])
    : [{ posts: [] as Post[] }, { nominees: [] as Nominee[] }, { persons: [] as Person[] }];

  const patchItem = async (itemId: string, body: Record<string, unknown>) => {
    await api(`/api/items/${enc(itemId)}`, { method: 'PATCH', body });
  };
  /** Swaps two neighbours of the agenda (positions are only an order). */
  const swap = async (a: Item, b: Item) => {
    await patchItem(a.id, { position: b.position });
    await patchItem(b.id, { position: a.position });
    await again();
  };

  const itemRows = items.map((i, n) => [
    String(n + 1),
    i.title,
    `${i.post.unit} ${i.post.title}`,
    h('div', { class: 'nominees' }, ...i.nominees.map((x) => nomineeWithDossier(i, x, editable, again))),
    itemShape(i),
    (i.status === 'closed' || i.status === 'announced') && has('inspector', 'filer', 'presiding', 'clerk')
      ? h('span', {}, t(`item.status.${i.status}` as MessageKey), ' ', link(`#/results/${enc(id)}/${enc(i.id)}`, t('console.print.item'), { 'data-print-item': i.id }))
      : t(`item.status.${i.status}` as MessageKey),
    ...(editable
      ? [
          h(
            'span',
            { class: 'row-actions' },
            button(t('console.moveUp'), () => swap(i, items[n - 1]!), 'secondary', { 'data-move': 'up', ...(n === 0 ? { disabled: '' } : {}) }),
            button(t('console.moveDown'), () => swap(i, items[n + 1]!), 'secondary', { 'data-move': 'down', ...(n === items.length - 1 ? { disabled: '' } : {}) }),
            button(t('console.edit'), () =>
              editDialog(t('console.item.edit.title'), itemFields(posts, nominees, i, committeeKind === 'standing'), t('common.save'), async (v: FormValues) => {
                await patchItem(i.id, v);
                await again();
              }, 'edit-item'),
            'secondary', { 'data-edit': '' }),
            button(t('console.item.delete'), async () => {
              if (!(await confirmAction({ title: t('console.item.delete.title'), lines: [t('console.item.delete.confirm', { title: i.title })], confirmLabel: t('console.confirm.delete'), danger: true }))) return;
              await api(`/api/items/${enc(i.id)}`, { method: 'DELETE' });
              await again();
            }, 'secondary', { 'data-delete': '' }),
          ),
        ]
      : []),
  ]);

  const attendeeRows = attendees.map((a) => {
    const actions = h('span', { class: 'row-actions' });
    if (clerk && !a.excusedReason && meeting.status !== 'closed' && a.slip !== 'none' && !a.present) {
      actions.append(button(t('console.slips.reissue'), () => printSlips(id, a.personId), 'secondary', { 'data-reissue': a.personId }));
    }
    if (editable && a.excusedReason) {
      actions.append(
        button(t('console.excusal.withdraw'), async () => {
          await api(`/api/meetings/${enc(id)}/attendees/${enc(a.personId)}`, { method: 'PATCH', body: { excusedReason: null } });
          await again();
        }, 'secondary', { 'data-unexcuse': a.personId }),
      );
    }
    if (editable) {
      actions.append(
        button(t('console.attendee.remove'), async () => {
          if (!(await confirmAction({ title: t('console.attendee.remove.title'), lines: [t('console.attendee.remove.confirm', { name: a.name })], confirmLabel: t('console.attendee.remove'), danger: true }))) return;
          await api(`/api/meetings/${enc(id)}/attendees/${enc(a.personId)}`, { method: 'DELETE' });
          await again();
        }, 'secondary', { 'data-remove': a.personId }),
      );
    }
    return [String(a.rank), t(ballotClassWord(a, committeeKind)), a.name, `${a.unit} ${a.title}`, attendeeStatus(a), t(`console.slip.${a.slip}` as MessageKey), actions];
  });

  const missing = persons.filter((p) => !attendees.some((a) => a.personId === p.id));
  // A closed meeting's page shows every result, from its record (the sheets as printed).
  const results =
    meeting.status === 'closed' && has('inspector', 'filer', 'presiding', 'clerk')
      ? await loadReport(id)
          .then((report) => section(t('console.results'), h('div', { class: 'results-view', id: 'meeting-results' }, ...reportNodes(report, { parts: ['summary', 'sheets'] }))))
          .catch(() => null)
      : null;

  const unlocked = h('p', { class: 'note', role: 'status', id: 'sign-in-locks-cleared' });
  show(
    byId('main'),
    h('h1', {}, meeting.title),
    h(
      'p',
      { class: 'row-actions meeting-facts' },
      `${t('console.meeting.id')}: `,
      h('code', { id: 'meeting-id' }, meeting.id),
      ` · ${meetingDate(meeting.date)} · ${t(`meeting.status.${meeting.status}` as MessageKey)} · `,
      meeting.kind === 'consultation' ? h('span', { id: 'consultation-window' }, `${t('console.meeting.consultation', { closesOn: meetingDate(meeting.closesOn ?? '') })} · `) : null,
      link(`#/live/${enc(meeting.id)}`, t('console.nav.live')),
      link(`/projector/?meeting=${enc(meeting.id)}`, t('landing.projector')),
      link(`/tablet/?meeting=${enc(meeting.id)}`, t('landing.tablet')),
      ...recordLinks(meeting),
    ),
    editable
      ? h(
          'p',
          { class: 'row-actions' },
          button(t('console.meeting.edit'), () =>
            editDialog(
              t('console.meeting.edit'),
              [
                { name: 'date', label: t('console.meeting.date'), kind: 'date', value: meeting.date },
                { name: 'title', label: t('console.meeting.title'), kind: 'text', wide: true, value: meeting.title },
                ...(meeting.kind === 'consultation' ? [{ name: 'closesOn', label: t('console.meeting.closesOn'), kind: 'date' as const, value: meeting.closesOn ?? '' }] : []),
              ],
              t('common.save'),
              async (v) => {
                const changes = Object.fromEntries(Object.entries(v).filter(([k, x]) => (meeting as unknown as Record<string, unknown>)[k] !== x));
                const res = await api<{ slipsVoided?: number }>(`/api/meetings/${enc(id)}`, { method: 'PATCH', body: changes });
                await again();
                // R14: a new date voids the printed slips; the clerk must print again.
                if (res.slipsVoided) say(t('console.meeting.slipsVoided', { n: res.slipsVoided }));
                if (res.slipsVoided) byId('main').prepend(h('p', { class: 'note', role: 'status', id: 'slips-voided' }, t('console.meeting.slipsVoided', { n: res.slipsVoided })));
              },
              'edit-meeting',
            ),
          'secondary', { id: 'edit-meeting-button' }),
          button(t('console.meeting.delete'), async () => {
            const lines = [t('console.meeting.delete.confirm', { title: meeting.title, date: meetingDate(meeting.date) })];
            if (!(await confirmAction({ title: t('console.meeting.delete'), lines, confirmLabel: t('console.confirm.delete'), danger: true }))) return;
            await api(`/api/meetings/${enc(id)}`, { method: 'DELETE' });
            location.hash = `#/committee/${enc(meeting.committeeId)}`;
          }, 'secondary', { id: 'delete-meeting' }),
        )
      : clerk
        ? h('p', { class: 'note', id: 'meeting-locked' }, t('console.meeting.locked'))
        : null,
    section(
      t('console.items'),
      table(['#', t('console.item.title'), t('console.item.post'), t('console.nominees'), t('console.item.passRule'), t('console.meeting.status'), ...(editable ? [''] : [])], itemRows, { id: 'items' }),
      editable && !posts.length ? h('p', { class: 'note' }, t('console.item.noPosts')) : null,
      editable && !nominees.length ? h('p', { class: 'note' }, t('console.item.noNominees')) : null,
      editable
        ? buildForm(itemFields(posts, nominees, undefined, committeeKind === 'standing'), t('common.add'), async (v: FormValues) => {
            await post(`/api/meetings/${enc(id)}/items`, v);
            await again();
          }, { messageOf, id: 'add-item' })
        : null,
    ),
    // R13: only a full committee linked to a standing committee has nominations to decide (the API refuses the others with 422).
    editable && committeeKind === 'full' && committeeRow.standingCommitteeId ? await nominationsSection(meeting.committeeId, id, again) : null,
    section(
      t('console.attendees'),
      table(
        [t('console.person.rank'), t('console.person.kind'), t('console.person.name'), t('console.person.unit'), t('console.attendee.status'), t('console.slips'), ''],
        attendeeRows,
        { id: 'attendees' },
      ),
      editable
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
      editable && missing.length
        ? h(
            'div',
            {},
            h('h3', {}, t('console.attendee.add')),
            h('p', { class: 'muted' }, t('console.attendee.add.help')),
            buildForm(
              [{ name: 'personId', label: t('console.attendee.person'), kind: 'select', options: missing.map((p) => [p.id, `${p.name}(${enumText('kind', p.kind)})`]) }],
              t('console.attendee.add'),
              async (v) => {
                await post(`/api/meetings/${enc(id)}/attendees`, v);
                await again();
              },
              { messageOf, id: 'add-attendee' },
            ),
          )
        : null,
    ),
    results,
    clerk && meeting.status !== 'closed'
      ? section(
          t('console.slips'),
          h('p', { class: 'note' }, t('console.slips.note')),
          button(t('console.slips.issue'), async () => {
            await printSlips(id);
            await again();
          }, 'primary', { id: 'issue-slips' }),
          // Issue 20: mistyped codes lock an address out of signing in; the clerk lifts it here.
          h('p', { class: 'muted' }, t('console.slips.unlockHelp')),
          button(t('console.slips.unlock'), async () => {
            const { cleared } = await api<{ cleared: number }>(`/api/meetings/${enc(id)}/sign-in-locks`, { method: 'DELETE' });
            say(t('console.slips.unlocked', { n: cleared }));
            unlocked.textContent = t('console.slips.unlocked', { n: cleared });
          }, 'secondary', { id: 'clear-sign-in-locks' }),
          unlocked,
        )
      : null,
  );
}
