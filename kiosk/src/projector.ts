/**
 * The projector (1920×1080), public and read-only: /projector/?meeting=<id>. Shows the meeting,
 * the item being voted with "n of m cast" only (R11; members and observers apart, R4), then the
 * announced result (R12): A counts and the decision large, B counts labelled as reference (R4),
 * the tally hash — marked final once the meeting has ended — and a QR code that opens the
 * inspector page on this meeting and hash. Fits one screen with up to five nominees and the B
 * table; after the meeting, a summary of every item. A written consultation, whose items are
 * open all at once, shows each open item with "n of m answered" only.
 */
import { apiRequest, ApiError, browserFetch } from './lib/api';
import { byId, h } from './lib/dom';
import { mountProjectorBadge } from './lib/log-badge';
import { openVotes, readMeetingState, type ItemView, type MeetingView } from './lib/meeting-state';
import { qrDataUrl } from './lib/qr';
import { resultRuleLines } from './lib/result-rules';
import { nomineeDecision, readItemResult, type ClassResult, type ItemResultView, resultWords } from './lib/result';
import { watchMeeting } from './lib/watch';
import { initLang, mountLangSwitch, onLangChange, t, type MessageKey } from './i18n';
import { barredKey } from './messages/projector';

const main = byId('main');
let view: MeetingView | null = null;
let shownResult: ItemResultView | null = null;
let lastAnnounced: string | null = null;
let rendered = '';
/** Announced results by item, for the closed meeting's summary. */
const results = new Map<string, ItemResultView>();
/** The log fingerprint every tablet shows too (issue 16, lib/log-badge.ts). */
let showFingerprint: (checkpoint: { size: number; rootHash: string } | null) => void = () => {};

function counts(c: ClassResult, withDue: boolean): HTMLElement {
  return h(
    'p',
    { class: 'counts' },
    withDue && c.due !== null ? h('span', {}, `${t('projector.due')} ${c.due}`) : null,
    h('span', {}, `${t('projector.present')} ${c.present}`),
    h('span', {}, `${t('projector.issued')} ${c.issued}`),
    h('span', {}, `${t('projector.cast')} ${c.cast}`),
    h('span', {}, `${t('projector.notcast')} ${c.notCast}`),
  );
}

function table(c: ClassResult, decisive: ItemResultView | null, words: ReturnType<typeof resultWords>): HTMLTableElement {
  const head = h(
    'tr',
    {},
    h('th', { scope: 'col' }, t('projector.nominee')),
    h('th', { scope: 'col' }, t(words.approve)),
    h('th', { scope: 'col' }, t(words.disapprove)),
    h('th', { scope: 'col' }, t('choice.abstain')),
    decisive ? h('th', { scope: 'col' }, t('projector.decision')) : null,
  );
  const rows = c.nominees.map((n) => {
    let decision: HTMLElement | null = null;
    if (decisive) {
      const d = nomineeDecision(decisive, n);
      const [cls, key]: [string, MessageKey] = [d, words.decision(d)];
      decision = h('td', { class: `decision ${cls}`, 'data-nominee': n.id }, t(key), n.barred ? h('div', { class: 'barred' }, t(barredKey(decisive.barRule))) : null);
    }
    return h(
      'tr',
      {},
      h('th', { scope: 'row' }, n.name),
      h('td', { class: 'num' }, String(n.approve)),
      h('td', { class: 'num' }, String(n.disapprove)),
      h('td', { class: 'num' }, String(n.abstain)),
      decision,
    );
  });
  return h('table', { class: 'result-table' }, h('thead', {}, head), h('tbody', {}, ...rows));
}

/** The classes' words: a full committee's A are 委员, its B 候补委员 and 列席 (R13); a standing committee's 常委 and 列席. */
function classWord(key: 'projector.a' | 'projector.b' | 'projector.progressA' | 'projector.progressB'): MessageKey {
  return view?.committeeKind === 'full' ? (`${key}.full` as MessageKey) : key;
}

/** Where the QR code leads: this service's inspector page, on this meeting, with the hash to compare. */
function inspectorLink(hash: string): string {
  return `${location.origin}/inspector/?meeting=${encodeURIComponent(view?.meeting.id ?? '')}&hash=${encodeURIComponent(hash)}`;
}

/**
 * The tally hash and its QR code. It changes with every item; once the meeting has ended the
 * last checkpoint is final (the one both departments cosign), and the screen says so.
 */
function tallyBlock(extra: HTMLElement | null = null): HTMLElement {
  const hash = view?.checkpoint?.rootHash ?? '';
  const final = view?.meeting.status === 'closed';
  return h(
    'aside',
    { class: `tally${final ? ' final' : ''}`, id: 'tally', 'data-final': String(final) },
    h('h2', { id: 'tally-label' }, t(final ? 'projector.tally.final' : 'projector.tally.sofar')),
    h('p', { class: 'tally-hash mono', id: 'tally-hash' }, hash),
    hash ? h('figure', { class: 'qr' }, h('img', { src: qrDataUrl(inspectorLink(hash)), alt: t('projector.qr.alt'), id: 'tally-qr', 'data-target': inspectorLink(hash) }), h('figcaption', {}, t('projector.qr'))) : null,
    extra,
  );
}

function renderResult(r: ItemResultView, item: ItemView | undefined): (HTMLElement | null)[] {
  const words = resultWords(r.itemKind);
  // The decision in the largest type: each nominee's outcome from the A ballots (R2, R8).
  const banner = h(
    'p',
    { class: 'decision-banner', id: 'decision' },
    ...r.A.nominees.map((n) => {
      const d = nomineeDecision(r, n);
      const [cls, key]: [string, MessageKey] = [d, words.decision(d)];
      return h('span', { class: `decision ${cls}` }, `${n.name} ${t(key)}`);
    }),
  );
  return [
    h('p', { class: 'item-title' }, r.title || item?.title || ''),
    r.itemKind === 'removal' ? h('p', { class: 'item-kind', id: 'item-kind' }, t('projector.removal.heading')) : null,
    banner,
    h(
      'div',
      { class: `result-grid${r.A.nominees.length > 2 ? ' many' : ''}`, 'data-nominees': String(r.A.nominees.length) },
      h(
        'div',
        {},
        h(
          'section',
          { class: 'section-a', 'aria-label': t(classWord('projector.a')) },
          h('h2', {}, t(classWord('projector.a'))),
          counts(r.A, true),
          table(r.A, r, words),
          ...resultRuleLines(r).map((l) => h('p', { class: 'rule', 'data-rule': l.rule }, l.text)),
        ),
      ),
      tallyBlock(r.B.present > 0 || r.B.cast > 0 ? h('section', { class: 'section-b', 'aria-label': t(classWord('projector.b')) }, h('h3', {}, t(classWord('projector.b'))), counts(r.B, false), table(r.B, null, words)) : null),
    ),
  ];
}

/** After the meeting: every item with its outcome, and the final tally hash. */
function renderSummary(): HTMLElement[] {
  const rows = (view?.items ?? []).map((item) => {
    const r = results.get(item.id);
    // R10: a round whose motion passed and that no new round replaced stands (its result is public).
    const stands = r && r.round !== item.round ? ` ${t('projector.summary.stands', { round: r.round })}` : '';
    const outcome = r
      ? r.A.nominees.map((n) => `${n.name} ${t(`projector.${nomineeDecision(r, n)}` as MessageKey)}`).join('、') + stands
      : t(`item.status.${item.status}` as MessageKey);
    return h('tr', {}, h('th', { scope: 'row' }, item.title), h('td', {}, outcome), h('td', { class: 'num' }, r ? t('projector.summary.approvals', { approve: r.A.nominees.map((n) => n.approve).join(' / '), due: r.A.due ?? '-' }) : ''));
  });
  return [
    h('p', { class: 'state state-closed', id: 'meeting-closed' }, t('meeting.status.closed')),
    h(
      'div',
      { class: 'result-grid summary' },
      h(
        'table',
        { class: 'result-table summary-table', id: 'summary' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('projector.summary.item')), h('th', { scope: 'col' }, t('projector.decision')), h('th', { scope: 'col' }, t('projector.summary.counts')))),
        h('tbody', {}, ...rows),
      ),
      tallyBlock(),
    ),
  ];
}

function paint(force = false): void {
  if (!view) return;
  byId('meeting-title').textContent = view.meeting.title;
  document.title = `${view.meeting.title} · ${t('projector.title')}`;
  const current = view.current;
  const asked = view.meeting.kind === 'consultation' ? openVotes(view) : [];
  let children: (HTMLElement | null)[];
  let key: string;
  if (asked.length > 0) {
    // A written consultation opens all its items at once: each with "n of m answered" only (R11).
    key = `asked:${asked.map(({ vote: v }) => `${v.item}:${v.status}:${v.classes.A.cast}:${v.classes.A.present}:${v.classes.B.cast}:${v.classes.B.present}`).join('|')}`;
    children = [
      h('p', { class: 'state state-voting' }, t('projector.consultation', { closesOn: view.meeting.closesOn })),
      h(
        'ul',
        { class: 'asked-items', id: 'asked-items' },
        ...asked.map(({ vote: v, item }) =>
          h(
            'li',
            { 'data-item': item.id },
            h('p', { class: 'item-title' }, item.title),
            h('p', { class: 'asked-progress' }, t('projector.consultation.progress', { n: v.classes.A.cast, m: v.classes.A.present })),
            v.classes.B.present > 0 ? h('p', { class: 'progress-b' }, t('projector.consultation.progressB', { n: v.classes.B.cast, m: v.classes.B.present })) : null,
          ),
        ),
      ),
    ];
  } else if (current && current.status !== 'closed' && current.status !== 'motion-closed') {
    const item = view.items.find((i) => i.id === current.item);
    const closing = current.status === 'closing' || current.status === 'motion-closing';
    const { A, B } = current.classes;
    key = `vote:${current.item}:${current.purpose}:${current.round}:${current.status}:${A.cast}:${A.present}:${B.cast}:${B.present}`;
    children = [
      h('p', { class: 'state state-voting' }, closing ? t('projector.closed') : t('projector.voting')),
      h('p', { class: 'item-title' }, current.purpose === 'motion' ? `${item?.title ?? ''} — ${t('tablet.motion')}` : item?.title ?? ''),
      // R11: n of m only; members against the members present, observers apart (R4).
      h('p', { class: 'progress', id: 'progress' }, t(classWord('projector.progressA'), { n: A.cast, m: A.present })),
      B.present > 0 ? h('p', { class: 'progress-b', id: 'progress-b' }, t(classWord('projector.progressB'), { n: B.cast, m: B.present })) : null,
    ];
  } else if (view.meeting.status === 'closed') {
    key = `summary:${view.checkpoint?.rootHash ?? ''}:${[...results.keys()].join(',')}`;
    children = renderSummary();
  } else {
    const closed = view.items.find((i) => i.status === 'closed');
    if (closed) {
      key = `closed:${closed.id}`;
      children = [h('p', { class: 'item-title' }, closed.title), h('p', { class: 'waiting' }, t('projector.closed'))];
    } else if (shownResult) {
      key = `result:${shownResult.itemId}:${shownResult.round}:${view.checkpoint?.rootHash ?? ''}`;
      children = renderResult(shownResult, view.items.find((i) => i.id === shownResult?.itemId));
    } else {
      const postponed = [...view.items].reverse().find((i) => i.status === 'postponed');
      key = `waiting:${postponed?.id ?? ''}`;
      children = [h('p', { class: 'waiting' }, t('projector.waiting'))];
    }
  }
  if (!force && key === rendered) return;
  rendered = key;
  main.replaceChildren(...children.filter((c): c is HTMLElement => !!c));
}

async function refresh(meetingId: string): Promise<void> {
  try {
    view = readMeetingState(await apiRequest<unknown>(browserFetch, `/api/meetings/${encodeURIComponent(meetingId)}/state`, { credentials: 'omit' }));
    byId('alert').hidden = true;
    showFingerprint(view.checkpoint);
  } catch (e) {
    const alert = byId('alert');
    alert.hidden = false;
    alert.textContent = e instanceof ApiError && e.status === 404 ? t('projector.nomeeting') : t('common.offline');
    return;
  }
  // The newest announcement: the last announced item in agenda order unless one was just announced.
  const announced = view.items.filter((i) => i.status === 'announced');
  if (view.meeting.status === 'closed') {
    // An announced item, or one whose earlier round stands after a passed motion (R10: round > 1
    // never voted, or postponed): the service serves its latest closed round as announced.
    const decided = view.items.filter((i) => i.status === 'announced' || i.round > 1);
    for (const item of decided) {
      // A closed meeting no longer changes: each result is fetched once.
      if (results.has(item.id)) continue;
      try {
        results.set(item.id, readItemResult(await apiRequest<unknown>(browserFetch, `/api/items/${encodeURIComponent(item.id)}/result`, { credentials: 'omit' })));
      } catch {
        // The next refresh tries again.
      }
    }
  }
  const target = announced.find((i) => i.id === lastAnnounced) ?? announced[announced.length - 1];
  if (target && (shownResult?.itemId !== target.id || shownResult.round !== target.round)) {
    try {
      shownResult = readItemResult(await apiRequest<unknown>(browserFetch, `/api/items/${encodeURIComponent(target.id)}/result`, { credentials: 'omit' }));
    } catch {
      shownResult = null;
    }
  }
  paint();
}

function start(): void {
  initLang();
  mountLangSwitch(byId<HTMLButtonElement>('lang'));
  onLangChange(() => paint(true));
  const meetingId = new URLSearchParams(location.search).get('meeting');
  if (meetingId) {
    showFingerprint = mountProjectorBadge(byId('log-badge'), meetingId, { badge: (fingerprint) => t('log.badge', { fingerprint }), key: (keyId) => t('log.badge.key', { keyId }) });
    onLangChange(() => showFingerprint(view?.checkpoint ?? null));
  }
  if (!meetingId) {
    main.replaceChildren(h('p', { class: 'waiting' }, t('projector.nomeeting')));
    onLangChange(() => main.replaceChildren(h('p', { class: 'waiting' }, t('projector.nomeeting'))));
    return;
  }
  watchMeeting(meetingId, (event) => {
    if (event?.type === 'item-announced') {
      const id = (event.data as { item?: { id?: unknown } } | null)?.item?.id;
      lastAnnounced = typeof id === 'string' ? id : null;
    }
    void refresh(meetingId);
  });
}

start();
