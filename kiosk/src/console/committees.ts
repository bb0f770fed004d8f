/** Preparation (clerk): the committees, and one committee's roster, posts, nominees and meetings. */
import { byId, h, show } from '../lib/dom';
import { buildForm } from '../lib/forms';
import { t } from '../i18n';
import { api, enc, has, messageOf, post } from './session';
import type { Committee, MeetingDetail, Meeting, Nominee, Person, Post } from './types';
import { button, link, section, table } from './ui';

export async function renderCommittees(): Promise<void> {
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
    byId('main'),
    section(t('console.nav.committees'), rows.length ? table([t('console.committee.name'), t('console.committee.timeZone'), t('console.committee.barRule')], rows) : h('p', {}, t('common.none'))),
    form ? section(t('console.committee.new'), form) : null,
  );
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
    byId('main'),
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
