/** Preparation (clerk): the meetings list and one meeting's items, attendees, excusals and slips. */
import { byId, h, show } from '../lib/dom';
import { buildForm, type FormValues } from '../lib/forms';
import { t, type MessageKey } from '../i18n';
import { api, enc, has, messageOf, post } from './session';
import { printSlips } from './slips';
import type { Meeting, MeetingDetail, Nominee, Post } from './types';
import { button, link, section, table } from './ui';

export async function renderMeetings(): Promise<void> {
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
  show(byId('main'), section(t('console.nav.meetings'), rows.length ? table([t('console.meeting.date'), t('console.meeting.title'), '', ''], rows) : h('p', {}, t('common.none'))));
}

/**
 * The record as a file (docs/inspector.md §2) and the inspector's page, for the roles that read
 * records; a draft meeting has no record yet.
 */
export function recordLinks(m: Meeting): HTMLElement[] {
  if (m.status === 'draft' || !has('inspector', 'filer', 'presiding', 'clerk')) return [];
  return [
    h('a', { href: `/api/meetings/${enc(m.id)}/record?download=1`, download: `sealvote-record-${m.id}.json`, 'data-download': m.id }, t('console.meeting.download')),
    h('a', { href: `/inspector/?meeting=${enc(m.id)}`, 'data-inspect': m.id }, t('console.meeting.inspect')),
  ];
}

export async function renderMeeting(id: string): Promise<void> {
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
    byId('main'),
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
