/**
 * The presiding officer's live panel: presence and quorum, each item's actions, progress while a
 * vote runs (n of m only, R11; A and B apart, R4), and results once closed. Every action that
 * cannot be undone asks first and says what it will do (closing with members yet to vote,
 * ending the meeting with items never voted, announcing, marking someone gone, moving
 * reconsideration). Opening a vote is offered only at quorum (R1), with the reason when not.
 */
import { append, byId, clear, h, show } from '../lib/dom';
import { DiscussionDraft } from '../lib/discussion';
import { consultationActions, itemActions, notYetCast, progressNumbers, quorumView, type LiveAction } from '../lib/live-panel';
import { readMeetingState, type ItemView, type MeetingView } from '../lib/meeting-state';
import { resultRuleLines } from '../lib/result-rules';
import { nomineeDecision, readItemResult, resultWords, type ItemResultView, type SmallGroupReason } from '../lib/result';
import { watchMeeting } from '../lib/watch';
import { onLangChange, t, type MessageKey } from '../i18n';
import { confirmAction } from './dialog';
import { api, enc, has, messageOf, post, say, session } from './session';
import type { Attendee, MeetingDetail } from './types';
import { button, clearErrors, section } from './ui';

function smallGroupLines(reasons: SmallGroupReason[]): string[] {
  return reasons.map((r) =>
    r.reason === 'single-voter'
      ? t('console.live.smallGroup.single', { class: t(r.class === 'A' ? 'projector.a' : 'projector.b') })
      : t('console.live.smallGroup.unanimous', { class: t(r.class === 'A' ? 'projector.a' : 'projector.b'), names: r.nominees.join('、') }),
  );
}

function decisionText(n: ItemResultView['A']['nominees'][number], r: ItemResultView): string {
  return t(resultWords(r.itemKind).decision(nomineeDecision(r, n)));
}

/**
 * docs/coissuance.md: in a co-issued meeting, whether the commission's co-issuer is reachable
 * (tokens wait while it is not), its fingerprint to compare in the room, and how many signed-in
 * people the commission has confirmed (only they count as present).
 */
function coissuanceLine(state: MeetingView): HTMLElement | null {
  const i = state.issuance;
  if (!i) return null;
  if (i.mode === 'service') return h('p', { class: 'hint', id: 'issuance', 'data-mode': 'service' }, t('console.live.issuance.service'));
  const p = state.presence;
  return h(
    'div',
    { id: 'issuance', 'data-mode': 'coissued', 'data-online': String(i.online) },
    h('p', { class: i.online ? 'quorum-ok' : 'quorum-no' }, t(i.online ? 'console.live.coissuer.online' : 'console.live.coissuer.offline')),
    i.fingerprint ? h('p', {}, t('console.live.coissuer.fingerprint'), ' ', h('code', { class: 'tally-hash' }, i.fingerprint)) : null,
    h('p', {}, t('console.live.coissuer.confirmed', { confirmed: (p?.present ?? 0) + (p?.presentObservers ?? 0), signedIn: i.signedInMembers + i.signedInObservers })),
  );
}

export async function renderLive(id: string): Promise<void> {
  const detail = await api<MeetingDetail>(`/api/meetings/${enc(id)}`);
  let state: MeetingView | null = null;
  const results = new Map<string, ItemResultView>();
  const confirmed = new Set<string>();
  // R11: the discussion notes of each pending round (item|round), kept across repaints; and the
  // rounds whose discussion is in the log, as logged (from the meeting's detail, or as just sent).
  const drafts = new Map<string, { draft: DiscussionDraft; introducedBy: string }>();
  const discussed = new Map<string, { introducedBy: string; speakers: string[] }>();
  for (const i of detail.items) {
    if (i.discussion) discussed.set(`${i.id}|${i.round}`, { introducedBy: i.discussion.introducedBy, speakers: i.discussion.speakers.map((sp) => sp.name) });
  }
  const presiding = has('presiding');
  const presenceBox = h('div', { id: 'presence' });
  const itemsBox = h('div', { id: 'live-items' });
  const openBox = h('div', { class: 'row-actions', id: 'meeting-actions' });
  const endBox = h('div', { class: 'row-actions', id: 'meeting-end' });
  let lastPaint = '';

  const paint = (force = false) => {
    if (!state) return;
    const key = JSON.stringify([state, [...results.entries()], [...confirmed], detail.attendees]);
    if (!force && key === lastPaint) return;
    lastPaint = key;
    const p = state.presence;
    const q = quorumView(p?.due ?? 0, p?.present ?? 0);
    // docs/full-committee.md §5: a written consultation — no room, no quorum, every item open at once.
    const consultation = state.meeting.kind === 'consultation';
    clear(presenceBox);
    append(
      presenceBox,
      // A full committee's class A are 委员, its class B 候补委员 and 列席 (R13).
      h('p', { id: 'presence-members' }, t(state.committeeKind === 'full' ? 'console.live.members.full' : 'console.live.members', { due: q.due, present: q.present })),
      h('p', { id: 'presence-class-b' }, t(state.committeeKind === 'full' ? 'console.live.observers.full' : 'console.live.observers', { present: p?.presentObservers ?? 0, total: p?.observers ?? 0 })),
      consultation
        ? h('p', { class: 'note', id: 'consultation-window' }, t('console.meeting.consultation', { closesOn: state.meeting.closesOn }), ' ', t('console.live.consultation.noQuorum'))
        : h('p', { class: q.met ? 'quorum-ok' : 'quorum-no', id: 'quorum', 'data-met': String(q.met) }, q.met ? t('console.live.quorum.ok') : t('console.live.quorum.no', { need: q.needed })),
      coissuanceLine(state),
      h('ul', { class: 'presence-list' }, ...detail.attendees.map((a) => presenceRow(a))),
    );
    clear(openBox);
    clear(endBox);
    if (presiding && state.meeting.status === 'draft') openBox.append(button(t(consultation ? 'console.live.openConsultation' : 'console.live.openMeeting'), () => openMeeting(), 'primary', { id: 'open-meeting' }));
    if (presiding && state.meeting.status === 'open') endBox.append(button(t('console.live.closeMeeting'), () => closeMeeting(), 'danger', { id: 'close-meeting' }));
    if (endBox.parentElement) endBox.parentElement.hidden = !(presiding && state.meeting.status === 'open');
    clear(itemsBox);
    for (const item of state.items) {
      const box = h('div', { class: `live-item status-${item.status}`, 'data-item': item.id }, h('h3', {}, item.title), h('p', {}, t(`item.status.${item.status}` as MessageKey)));
      if (consultation) {
        // R11: "n of m answered" only, for every open item.
        const vote = state.open.find((v) => v.item === item.id);
        if (vote) {
          append(
            box,
            h('p', { class: 'live-progress', 'data-progress': '' }, t('console.live.consultation.progress', { n: vote.classes.A.cast, m: vote.classes.A.present })),
            vote.classes.B.present > 0 ? h('p', { class: 'live-progress-b', 'data-progress-b': '' }, t('console.live.consultation.progressB', { n: vote.classes.B.cast, m: vote.classes.B.present })) : null,
          );
        }
      }
      const progress = consultation ? null : progressNumbers(state.current, item.id);
      if (progress && state.current && !/closed$/.test(state.current.status)) {
        const motion = state.current.purpose === 'motion' ? `${t('tablet.motion')} ` : '';
        append(
          box,
          h('p', { class: 'live-progress', 'data-progress': '' }, motion + t('console.live.progressA', progress.a)),
          progress.b.m > 0 ? h('p', { class: 'live-progress-b', 'data-progress-b': '' }, t('console.live.progressB', progress.b)) : null,
        );
      }
      const result = results.get(item.id);
      if (result && (item.status === 'closed' || item.status === 'announced')) box.append(resultSummary(result));
      const actions = h('div', { class: 'row-actions' });
      const allowed = presiding ? (consultation ? consultationActions(item, state.meeting.status) : itemActions(item, state.meeting.status, state.current)) : [];
      if (allowed.includes('open')) box.append(discussionBox(item));
      for (const action of allowed) actions.append(actionButton(action, item, q));
      box.append(actions);
      itemsBox.append(box);
    }
  };

  /**
   * R11: before the vote, the presiding officer notes who introduced the item and who stated a
   * view, in order (names only). Marking the secretary as speaking while others who asked have
   * not yet spoken asks first (002 "县委书记不得提前表态").
   */
  const discussionBox = (item: ItemView): HTMLElement => {
    const key = `${item.id}|${item.round}`;
    const logged = discussed.get(key);
    // The state says so even when this page did not see it sent (a reload, another console).
    if (logged || item.discussedAt !== null) {
      return h(
        'div',
        { class: 'discussion-done', 'data-discussed': item.id },
        h('p', { class: 'muted' }, t('console.live.discussion.recorded')),
        logged ? h('p', { 'data-introduced': '' }, t('console.live.discussion.introduced', { name: logged.introducedBy })) : null,
        logged ? h('p', { 'data-order': '' }, t('console.live.discussion.order', { order: logged.speakers.length ? logged.speakers.join(' → ') : t('console.live.discussion.nobody') })) : null,
        item.discussedAt !== null ? h('p', { class: 'muted', 'data-entry': String(item.discussedAt) }, t('console.live.discussion.entry', { n: item.discussedAt })) : null,
      );
    }
    const secretary = detail.attendees.find((a) => a.class === 'A' && a.role === 'secretary')?.personId ?? null;
    let notes = drafts.get(key);
    if (!notes) {
      notes = { draft: new DiscussionDraft(secretary), introducedBy: '' };
      drafts.set(key, notes);
    }
    const { draft } = notes;
    const nameOf = (p: string) => detail.attendees.find((a) => a.personId === p)?.name ?? p;
    const intro = h('input', { type: 'text', value: notes.introducedBy, 'aria-label': t('console.live.discussion.introducedBy'), placeholder: t('console.live.discussion.introducedBy'), 'data-introduced-by': '' });
    intro.addEventListener('input', () => (notes!.introducedBy = intro.value));
    const speakers = detail.attendees.filter((a) => a.class === 'A' && !a.excusedReason);
    const rows = speakers.map((a) => {
      const asked = h('input', { type: 'checkbox', checked: draft.asked.has(a.personId), 'data-asked': a.personId });
      asked.addEventListener('change', () => draft.toggleAsked(a.personId, asked.checked));
      const label = a.role === 'secretary' ? `${a.name}(${t('console.live.discussion.secretary')})` : a.name;
      return h(
        'li',
        {},
        h('label', { class: 'check' }, asked, ' ', label, ' ', t('console.live.discussion.asked')),
        ' ',
        draft.spoken.includes(a.personId)
          ? h('span', { class: 'muted' }, t('console.live.discussion.spoke', { n: draft.spoken.indexOf(a.personId) + 1 }))
          : button(t('console.live.discussion.speak'), async () => {
              const waiting = draft.waiting(a.personId);
              if (waiting.length > 0) {
                const ok = await confirmAction({
                  title: t('console.live.discussion.secretaryFirst.title'),
                  lines: [t('console.live.discussion.secretaryFirst', { names: waiting.map(nameOf).join('、') })],
                  confirmLabel: t('console.live.discussion.speak'),
                  danger: true,
                });
                if (!ok) return;
              }
              draft.speak(a.personId);
              paint(true);
            }, 'secondary', { 'data-speak': a.personId }),
      );
    });
    const order = draft.spoken.length ? draft.spoken.map(nameOf).join(' → ') : t('console.live.discussion.nobody');
    return h(
      'details',
      { class: 'discussion', open: true, 'data-discussion': item.id },
      h('summary', {}, t('console.live.discussion')),
      intro,
      h('ul', { class: 'speakers' }, ...rows),
      h('p', { 'data-order': '' }, t('console.live.discussion.order', { order })),
      draft.secretaryNotLast() ? h('p', { class: 'warning', role: 'alert' }, t('console.live.discussion.secretaryNotLast')) : null,
      h(
        'div',
        { class: 'row-actions' },
        draft.spoken.length
          ? button(t('console.live.discussion.undo'), () => {
              draft.undo();
              paint(true);
            }, 'secondary', { 'data-undo': '' })
          : null,
        button(t('console.live.discussion.record'), async () => {
          if (!notes!.introducedBy.trim()) {
            intro.focus();
            throw new Error(t('console.live.discussion.needIntro'));
          }
          await post(`/api/items/${enc(item.id)}/discussion`, { introducedBy: notes!.introducedBy.trim(), speakers: draft.spoken });
          discussed.set(key, { introducedBy: notes!.introducedBy.trim(), speakers: draft.spoken.map(nameOf) });
          drafts.delete(key);
          clearErrors();
          say(t('console.done'));
          paint(true);
        }, 'primary', { 'data-action': 'discussion' }),
      ),
    );
  };

  const presenceRow = (a: Attendee) =>
    h(
      'li',
      { class: a.present ? 'signed-in' : 'absent' },
      `${a.name}(${t(a.class === 'A' ? 'console.person.member' : 'console.person.observer')})— `,
      a.excusedReason ? t('console.excused', { reason: a.excusedReason }) : t(a.present ? 'console.live.signedIn' : 'console.live.absent'),
      a.present && has('clerk', 'presiding')
        ? button(t('console.live.left'), async () => {
            const ok = await confirmAction({ title: t('console.live.left.title'), lines: [t('console.live.left.confirm', { name: a.name })], confirmLabel: t('console.live.left'), danger: true });
            if (!ok) return;
            await post(`/api/meetings/${enc(id)}/attendees/${enc(a.personId)}/left`);
            await reloadDetail();
          }, 'secondary', { 'data-left': a.personId })
        : null,
    );

  const resultSummary = (r: ItemResultView): HTMLElement =>
    h(
      'div',
      { class: 'result-summary' },
      h('p', {}, t('console.live.resultA', { cast: r.A.cast, due: r.A.due ?? '-', present: r.A.present })),
      h(
        'ul',
        {},
        ...r.A.nominees.map((n) =>
          h('li', {}, t(r.itemKind === 'removal' ? 'console.live.nomineeLine.removal' : 'console.live.nomineeLine', { name: n.name, approve: n.approve, disapprove: n.disapprove, abstain: n.abstain, decision: decisionText(n, r) })),
        ),
      ),
      ...resultRuleLines(r).map((l) => h('p', { class: 'rule muted', 'data-rule': l.rule }, l.text)),
    );

  const openMeeting = async () => {
    const p = state?.presence;
    const ok = await confirmAction({
      title: t('console.live.openMeeting'),
      lines: state?.meeting.kind === 'consultation' ? [t('console.live.consultation.noQuorum')] : [t('console.live.openMeeting.confirm', { due: p?.due ?? 0, present: p?.present ?? 0 })],
      confirmLabel: t('console.live.openMeeting'),
    });
    if (ok) await act(`/api/meetings/${enc(id)}/open`);
  };

  const closeMeeting = async () => {
    const waiting = (state?.items ?? []).filter((i) => i.status === 'pending' || i.status === 'closed');
    const lines = waiting.length
      ? [t('console.live.closeMeeting.pending', { n: waiting.length }), ...waiting.map((i) => t('console.live.closeMeeting.item', { title: i.title, status: t(`item.status.${i.status}` as MessageKey) }))]
      : [t('console.live.closeMeeting.none')];
    lines.push(t('console.live.closeMeeting.confirm'));
    if (await confirmAction({ title: t('console.live.closeMeeting'), lines, confirmLabel: t('console.live.closeMeeting'), danger: true })) await act(`/api/meetings/${enc(id)}/close`);
  };

  const actionButton = (action: LiveAction, item: ItemView, q: ReturnType<typeof quorumView>): HTMLElement => {
    const path = `/api/items/${enc(item.id)}/${action}`;
    switch (action) {
      case 'open': {
        // R1: below two-thirds present the server refuses; the button says why before anyone tries.
        if (!q.met) {
          return h(
            'span',
            { class: 'row-actions' },
            h('button', { type: 'button', class: 'primary', disabled: true, 'data-action': 'open', 'aria-describedby': `why-${item.id}` }, t('console.live.open')),
            h('span', { class: 'quorum-no', id: `why-${item.id}` }, t('console.live.open.blocked', { present: q.present, due: q.due, need: q.needed })),
          );
        }
        return button(t('console.live.open'), () => act(path), 'primary', { 'data-action': 'open' });
      }
      case 'close':
        return button(t('console.live.close'), async () => {
          // A consultation's items are all open at once: the vote to close is this item's (docs/full-committee.md §5).
          const consultation = state?.meeting.kind === 'consultation';
          const vote = (consultation ? state?.open.find((v) => v.item === item.id) : state?.current) ?? null;
          const left = notYetCast(vote);
          const pending = consultation ? t('console.live.consultation.closeConfirm', { members: left.members }) : t('console.live.close.pending', { n: left.members });
          const lines = [left.members > 0 ? pending : t('console.live.close.all', { n: vote?.classes.A.present ?? 0 })];
          if (consultation) lines.push(t('console.live.consultation.closeEarly', { closesOn: state?.meeting.closesOn ?? '' }));
          else if (left.observers > 0) lines.push(t('console.live.close.pendingObservers', { n: left.observers }));
          if (await confirmAction({ title: t('console.live.close'), lines, confirmLabel: t('console.live.close'), danger: left.members > 0 })) await act(path);
        }, 'primary', { 'data-action': 'close' });
      case 'reconsider':
        return button(t('console.live.reconsider'), async () => {
          const ok = await confirmAction({ title: t('console.live.reconsider'), lines: [t('console.live.reconsider.confirm', { title: item.title })], confirmLabel: t('console.live.reconsider') });
          if (ok) await act(path);
        }, 'secondary', { 'data-action': 'reconsider' });
      case 'postpone': {
        const reason = h('input', { type: 'text', 'aria-label': t('console.live.postpone.reason'), placeholder: t('console.live.postpone.reason') });
        return h(
          'span',
          { class: 'row-actions' },
          reason,
          button(t('console.live.postpone'), async () => {
            if (!reason.value.trim()) {
              reason.focus();
              throw new Error(t('console.live.postpone.needReason'));
            }
            const ok = await confirmAction({ title: t('console.live.postpone'), lines: [t('console.live.postpone.confirm', { title: item.title, reason: reason.value.trim() })], confirmLabel: t('console.live.postpone') });
            if (ok) await act(path, { reason: reason.value.trim() });
          }, 'secondary', { 'data-action': 'postpone' }),
        );
      }
      case 'announce': {
        const r = results.get(item.id);
        // The small-group warning must be seen and confirmed before the result goes public.
        if (r?.smallGroupWarning && !confirmed.has(item.id)) {
          return h(
            'div',
            { class: 'warning', role: 'alert', 'data-warning': '' },
            h('p', {}, t('console.live.smallGroup')),
            ...smallGroupLines(r.smallGroupWarning).map((line) => h('p', {}, line)),
            button(t('console.live.confirmAnnounce'), () => {
              confirmed.add(item.id);
              paint(true);
            }, 'secondary', { 'data-action': 'confirm-announce' }),
          );
        }
        return button(t('console.live.announce'), async () => {
          const lines = [
            ...(r ? r.A.nominees.map((n) => t('console.live.nomineeLine', { name: n.name, approve: n.approve, disapprove: n.disapprove, abstain: n.abstain, decision: decisionText(n, r) })) : []),
            t('console.live.announce.confirm'),
          ];
          if (await confirmAction({ title: t('console.live.announce'), lines, confirmLabel: t('console.live.announce') })) await act(path);
        }, 'primary', { 'data-action': 'announce' });
      }
    }
  };

  const act = async (path: string, body: unknown = {}) => {
    await post(path, body);
    clearErrors();
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
    openBox,
    section(t('console.live.presence'), presenceBox),
    section(t('console.items'), itemsBox),
    // Ending the meeting sits apart, at the end, never where 宣布开会 was.
    section(t('console.live.closeMeeting.section'), h('p', { class: 'muted' }, t('console.live.closeMeeting.help')), endBox),
  );
  onLangChange(() => paint(true));
  session.stopWatch = watchMeeting(id, () => void refresh().catch((e: unknown) => say(messageOf(e))));
}
