/**
 * The presiding officer's live panel: presence and quorum, each item's actions, progress while a
 * vote runs (n of m only, R11), and results once closed. Follows the meeting's event stream.
 */
import { byId, clear, h, show } from '../lib/dom';
import { itemActions, progressNumbers, quorumView, type LiveAction } from '../lib/live-panel';
import { readMeetingState, type MeetingView } from '../lib/meeting-state';
import { readItemResult, type ItemResultView } from '../lib/result';
import { watchMeeting } from '../lib/watch';
import { onLangChange, t, type MessageKey } from '../i18n';
import { api, enc, has, messageOf, post, say, session } from './session';
import type { MeetingDetail } from './types';
import { button, section } from './ui';

export async function renderLive(id: string): Promise<void> {
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
    byId('main'),
    h('h1', {}, `${t('console.live.heading')} — ${detail.meeting.title}`),
    meetingBox,
    section(t('console.live.presence'), presenceBox),
    section(t('console.items'), itemsBox),
  );
  onLangChange(() => paint(true));
  session.stopWatch = watchMeeting(id, () => void refresh().catch((e: unknown) => say(messageOf(e))));
}
