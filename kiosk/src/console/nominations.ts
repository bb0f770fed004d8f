/**
 * A full committee's draft meeting (R13, docs/full-committee.md §4): the standing committee's
 * decided nominations, each put on the agenda with one press; the item then cites the standing
 * vote (meeting, item, round, tally hash), which the meeting's record carries.
 */
import { h } from '../lib/dom';
import { t, type MessageKey } from '../i18n';
import { meetingDate } from './format';
import { api, enc, post } from './session';
import type { Nomination } from './types';
import { button, section, table } from './ui';

export async function nominationsSection(committeeId: string, meetingId: string, again: () => Promise<void>): Promise<HTMLElement> {
  const { nominations } = await api<{ nominations: Nomination[] }>(`/api/committees/${enc(committeeId)}/nominations`).catch(() => ({ nominations: [] as Nomination[] }));
  const rows = nominations.map((n) => [
    n.title,
    `${n.citation.post.unit} ${n.citation.post.title}`,
    `${n.nominee.name}(${n.nominee.currentPost})`,
    `${n.meeting.title} · ${meetingDate(n.meeting.date)}`,
    h('code', { title: n.citation.tallyHash }, `${n.citation.tallyHash.slice(0, 16)}…`),
    n.takenBy
      ? t('console.nominations.taken', { status: t(`item.status.${n.takenBy.status}` as MessageKey) })
      : button(
          t('console.nominations.put'),
          async () => {
            await post(`/api/meetings/${enc(meetingId)}/nominations`, { itemId: n.citation.item, nomineeId: n.citation.nominee.id });
            await again();
          },
          'secondary',
          { 'data-put-nomination': `${n.citation.item}:${n.citation.nominee.id}` },
        ),
  ]);
  return section(
    t('console.nominations'),
    h('p', { class: 'muted' }, t('console.nominations.help')),
    rows.length
      ? table([t('console.item.title'), t('console.item.post'), t('console.nominees'), t('console.nominations.meeting'), t('console.nominations.tallyHash'), ''], rows, { id: 'nominations' })
      : h('p', { class: 'note', id: 'no-nominations' }, t('console.nominations.none')),
  );
}
