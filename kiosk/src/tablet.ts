/**
 * The member / observer tablet (1280×800, touch). Sign in with the slip code, wait, and when an
 * item opens fetch the blind token at once (no touch needed), vote, review, cast, keep the
 * receipt. Everything that must survive a reload lives in IndexedDB (lib/store.ts).
 *
 * The tablet trusts the server for nothing it can check (issue 16; docs/tablet-checks.md): it
 * pins the service key at sign-in, follows the signed log with consistency proofs, believes an
 * issuer key only with its inclusion proof, shows the log's fingerprint for the room to
 * compare, and checks each receipt's inclusion after the close itself.
 */
import { ballotClassWord } from './lib/ballot-class-word';
import { dossierDetails } from './lib/dossier-view';
import type { Choice } from '../../src/rules';
import { validateBallotChoices } from '../../src/rules';
import { apiRequest, ApiError, browserFetch } from './lib/api';
import { approveAllowed, approvals, choose, isComplete, missing, type Choices } from './lib/choices';
import { byId, h, show } from './lib/dom';
import { MOTION_CHOICE, openVote, openVotes, readAgenda, readMeetingState, voteSubject, type ItemView, type MeetingView } from './lib/meeting-state';
import { IdbStore, type KioskStore } from './lib/store';
import { fingerprintOf, withCode } from './lib/log-badge';
import { keyIdOf, LogFollower, LogRefused, type LogProblem } from './lib/log-check';
import {
  castKept,
  ensureToken,
  KeyNotYetSigned,
  SESSION_KEY,
  shortCode,
  signAndKeep,
  TokenRefused,
  TokenWaiting,
  tokenVerifies,
  voteKey,
  type TabletSession,
  type VoteRecord,
  type VoteTarget,
} from './lib/vote';
import { singleFlight } from './lib/coalesce';
import { watchMeeting } from './lib/watch';
import { problemText } from './lib/problem-text';
import { getLang, initLang, mountLangSwitch, onLangChange, setLang, t, type MessageKey } from './i18n';

const CHOICE_KEYS: Record<Choice, MessageKey> = { approve: 'choice.approve', disapprove: 'choice.disapprove', abstain: 'choice.abstain' };
/** A removal's ballot says what approving means (同意免职 / 不同意免职). */
const REMOVAL_CHOICE_KEYS: Record<Choice, MessageKey> = { approve: 'choice.removal.approve', disapprove: 'choice.removal.disapprove', abstain: 'choice.abstain' };
const choiceKeys = (item: ItemView): Record<Choice, MessageKey> => (item.itemKind === 'removal' ? REMOVAL_CHOICE_KEYS : CHOICE_KEYS);
const CHOICE_ORDER: Choice[] = ['approve', 'disapprove', 'abstain'];

type Screen = 'signin' | 'waiting' | 'ended' | 'fetching' | 'refused' | 'card' | 'review' | 'casting' | 'cast';

/** The receipt check of one receipt (after its vote closed). */
type ReceiptState = { kind: 'checking' } | { kind: 'proven' } | { kind: 'failed'; reason: LogProblem } | { kind: 'retry' };

class Tablet {
  private session: TabletSession | null = null;
  private view: MeetingView | null = null;
  private agenda = new Map<string, ItemView>();
  private agendaIds = '';
  /** From GET /api/tablet/me: 委员 of a full committee or 常委; an observer or an alternate member (R13). */
  private identity: { kind: string; committeeKind: string } = { kind: '', committeeKind: 'standing' };
  private records = new Map<string, VoteRecord>();
  private drafts = new Map<string, Choices>();
  private phase: 'card' | 'review' = 'card';
  private screenKey = '';
  private waitingSnapshot = '';
  private tokenBusy = false;
  private castBusy = false;
  /** A refused token or receipt, for one vote only: the next item starts afresh. */
  private refused: { vote: string; text: string } | null = null;
  private stopWatch: (() => void) | null = null;
  private receiptChecks = new Map<string, ReceiptState>();
  /** The meeting's log as this tablet checked it (lib/log-check.ts). */
  private log: LogFollower | null = null;
  /** What the tablet found wrong with the server's log; shown until the page is reloaded. */
  private logAlarm: LogProblem | null = null;
  private logBusy = false;
  /** Votes this tablet held a token for and that closed before its ballot was cast. */
  private missed = new Set<string>();
  /** A consultation's votes whose receipt the member has seen and moved on from (docs/full-committee.md §5). */
  private answered = new Set<string>();

  constructor(
    private readonly store: KioskStore,
    private readonly main: HTMLElement,
    private readonly live: HTMLElement,
    private readonly alert: HTMLElement,
  ) {}

  async start(): Promise<void> {
    this.session = (await this.store.get<TabletSession>(SESSION_KEY)) ?? null;
    if (this.session) {
      try {
        await apiRequest(browserFetch, '/api/tablet/me', { bearer: this.session.tabletToken, credentials: 'omit' });
      } catch (e) {
        if (e instanceof ApiError && (e.status === 401 || e.status === 403)) await this.forgetSession();
      }
    }
    for (const key of await this.store.keys('vote:')) {
      const rec = await this.store.get<VoteRecord>(key);
      if (rec) this.records.set(key, rec);
    }
    for (const key of await this.store.keys('draft:')) {
      const d = await this.store.get<Choices>(key);
      if (d) this.drafts.set(key.slice('draft:'.length), d);
    }
    onLangChange(() => {
      this.render(true);
      this.renderBadge();
    });
    if (this.session) {
      this.log = new LogFollower({ fetch: browserFetch, store: this.store }, this.session.meetingId);
      void this.checkLog('start');
      this.follow();
    }
    this.render(true);
  }

  /**
   * Pins the key and starts following the log ('start'), or follows it to the latest checkpoint.
   * A network failure is retried at the next poll; a failed check is an alarm.
   */
  private async checkLog(how: 'start' | 'follow'): Promise<void> {
    const log = this.log;
    if (!log || this.logBusy) return;
    this.logBusy = true;
    try {
      if (how === 'start' || !log.pinnedKey()) await log.start();
      else await log.follow();
    } catch (e) {
      if (e instanceof LogRefused) this.raiseLogAlarm(e.reason);
    } finally {
      this.logBusy = false;
    }
    this.renderBadge();
  }

  private raiseLogAlarm(reason: LogProblem): void {
    this.logAlarm = reason;
    this.alert.dataset.kind = 'log';
    this.warn(t('tablet.log.alarm', { reason: t(`tablet.log.reason.${reason}` as MessageKey) }));
    this.renderBadge();
    this.render(true);
  }

  /** The fingerprint of the latest checkpoint this tablet verified, and the pinned key's id. */
  private renderBadge(): void {
    const badge = document.getElementById('log-badge');
    if (!badge) return;
    const latest = this.log?.latest() ?? null;
    const key = this.log?.pinnedKey();
    badge.hidden = !this.session || !key;
    if (badge.hidden) return;
    if (this.logAlarm) {
      badge.dataset.state = 'alarm';
      badge.textContent = t('tablet.log.badge.failed');
      return;
    }
    const keyId = keyIdOf(key!);
    const keyText = t('log.badge.key', { keyId });
    if (!latest) {
      badge.dataset.state = 'pending';
      badge.replaceChildren(`${t('tablet.log.badge.pending')} · `, ...withCode(keyText, keyId));
      return;
    }
    const shown = `${latest.size}:${latest.rootHash}`;
    badge.dataset.checkpoint = shown;
    void fingerprintOf(latest.size, latest.rootHash).then((fp) => {
      if (badge.dataset.checkpoint !== shown || this.logAlarm) return;
      badge.dataset.state = 'ok';
      badge.replaceChildren(
        h('span', { class: 'fingerprint', id: 'fingerprint' }, t('log.badge', { fingerprint: fp })),
        h('span', { class: 'service-key' }, ' · ', ...withCode(keyText, keyId)),
        h('span', { class: 'badge-help' }, ` ${t('tablet.log.badge.help')}`),
      );
    });
  }

  private say(message: string): void {
    this.live.textContent = message;
  }

  private warn(message: string): void {
    this.alert.textContent = message;
    this.alert.hidden = message === '';
  }

  private follow(): void {
    const session = this.session;
    if (!session) return;
    this.stopWatch?.();
    this.stopWatch = watchMeeting(session.meetingId, () => void this.refresh(), 2000, {
      counts: false,
      busy: () => ['fetching', 'casting'].includes(this.screen().screen),
    });
  }

  /** One state fetch at a time, and one more after it when asked meanwhile (lib/coalesce.ts). */
  private readonly refresh = singleFlight(() => this.fetchState());

  private async fetchState(): Promise<void> {
    const session = this.session;
    if (!session) return;
    try {
      const json = await apiRequest<unknown>(browserFetch, `/api/meetings/${encodeURIComponent(session.meetingId)}/state`, {
        credentials: 'omit',
        bearer: session.tabletToken,
      });
      await this.loadAgenda(json);
      this.view = readMeetingState(json, this.agenda);
      if (this.alert.dataset.kind === 'offline') this.warn('');
      // A checkpoint the tablet has not verified yet: follow the log to it.
      const cp = this.view.checkpoint;
      const latest = this.log?.latest();
      if (this.log && !this.logAlarm && (!this.log.pinnedKey() || (cp && (cp.size !== latest?.size || cp.rootHash !== latest?.rootHash)))) void this.checkLog('follow');
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) {
        await this.forgetSession();
        this.render(true);
        return;
      }
      // The log alarm is never replaced by a passing network problem.
      if (this.alert.dataset.kind !== 'log') {
        this.alert.dataset.kind = 'offline';
        this.warn(t('common.offline'));
      }
      return;
    }
    this.render(false);
    void this.advance();
    void this.settleClosedVotes();
  }

  /**
   * The agenda with nominees, posts and résumés (`items` of GET /api/tablet/me); fetched again
   * only when the list of items changes.
   */
  private async loadAgenda(state: unknown): Promise<void> {
    const session = this.session;
    if (!session) return;
    const ids = JSON.stringify(readMeetingState(state).items.map((i) => i.id));
    if (ids === this.agendaIds) return;
    try {
      const me = await apiRequest<{ person?: { kind?: string }; committee?: { kind?: string } }>(browserFetch, '/api/tablet/me', { bearer: session.tabletToken, credentials: 'omit' });
      this.identity = { kind: me.person?.kind ?? '', committeeKind: me.committee?.kind ?? 'standing' };
      const agenda = readAgenda(me);
      if (agenda.size > 0) {
        this.agenda = agenda;
        this.agendaIds = ids;
      }
    } catch {
      // The next poll tries again; the agenda shows titles meanwhile.
    }
  }

  /** What must happen without the member: fetch the token when an item opens; resend a kept ballot. */
  private async advance(): Promise<void> {
    const target = this.currentTarget();
    const session = this.session;
    const log = this.log;
    if (!target || !session || !log || this.refused?.vote === `${target.subject}:${target.round}`) return;
    const rec = this.records.get(voteKey(target.subject, target.round));
    if (!rec?.tokenSig && !this.tokenBusy) {
      // No token while the log is in doubt: the key it would be under cannot be trusted.
      if (this.logAlarm) {
        this.refused = { vote: `${target.subject}:${target.round}`, text: t('tablet.log.keyRefused', { reason: t(`tablet.log.reason.${this.logAlarm}` as MessageKey) }) };
        this.render(false);
        return;
      }
      this.tokenBusy = true;
      this.say(t('tablet.token.fetching'));
      try {
        const got = await ensureToken({ fetch: browserFetch, store: this.store, log }, session, target);
        this.records.set(voteKey(target.subject, target.round), got);
        if (this.alert.dataset.kind === 'coissuer') this.warn('');
        this.say(t('tablet.token.ready'));
        this.renderBadge();
      } catch (e) {
        if (e instanceof TokenRefused) {
          this.refused = { vote: `${target.subject}:${target.round}`, text: refusalText(e) };
          // A key that fails its proof is the server's doing: the alarm stays up for the room.
          if (e.logProblem) this.raiseLogAlarm(e.logProblem);
        } else if (e instanceof KeyNotYetSigned) {
          this.say(t('tablet.log.waitingKey'));
        } else if (e instanceof TokenWaiting) {
          // docs/coissuance.md §4: the next poll sends the same request again; say why it waits.
          this.say(t(`tablet.token.wait.${e.reason}`));
          if (this.alert.dataset.kind !== 'log') {
            this.warn(t(`tablet.token.wait.${e.reason}`));
            this.alert.dataset.kind = 'coissuer';
          }
        } else if (e instanceof ApiError && e.code === 'coissuer_refused') {
          this.refused = { vote: `${target.subject}:${target.round}`, text: problemText(e) };
        } else {
          this.say(t('tablet.token.retry', { message: messageOf(e) }));
        }
      } finally {
        this.tokenBusy = false;
      }
      this.render(false);
    } else if (rec?.signed && rec.status !== 'cast' && !this.castBusy) {
      // The member already confirmed this ballot before a reload or a lost answer: send it again.
      await this.cast(rec);
    }
  }

  private currentTarget(): (VoteTarget & { view: ItemView }) | null {
    if (!this.view || this.view.meeting.status !== 'open') return null;
    // docs/full-committee.md §5: every item of a consultation is open at once; the member
    // answers them in agenda order, each after the receipt of the one before.
    if (this.view.meeting.kind === 'consultation') {
      const next = openVotes(this.view).find(({ vote, item }) => !this.answered.has(voteKey(voteSubject(item.id, vote.purpose), vote.round)));
      if (!next) return null;
      return { item: next.item.id, subject: voteSubject(next.item.id, next.vote.purpose), round: next.vote.round, purpose: next.vote.purpose, view: next.item };
    }
    const open = openVote(this.view);
    if (!open) return null;
    // R10: a reconsideration motion is for members only; observers keep waiting.
    if (open.vote.purpose === 'motion' && this.session?.person.class !== 'A') return null;
    const { vote, item } = open;
    return { item: item.id, subject: voteSubject(item.id, vote.purpose), round: vote.round, purpose: vote.purpose, view: item };
  }

  private screen(): { screen: Screen; key: string } {
    if (!this.session) return { screen: 'signin', key: 'signin' };
    if (this.view?.meeting.status === 'closed') return { screen: 'ended', key: 'ended' };
    const target = this.currentTarget();
    if (!target) return { screen: 'waiting', key: 'waiting' };
    const id = `${target.subject}:${target.round}`;
    if (this.refused?.vote === id) return { screen: 'refused', key: `refused:${id}` };
    const rec = this.records.get(voteKey(target.subject, target.round));
    if (!rec?.tokenSig) return { screen: 'fetching', key: `fetching:${id}` };
    if (rec.status === 'cast') return { screen: 'cast', key: `cast:${id}` };
    if (rec.signed) return { screen: 'casting', key: `casting:${id}` };
    return { screen: this.phase, key: `${this.phase}:${id}` };
  }

  /** Re-renders only when the screen changes, so focus and half-made choices are never disturbed. */
  private render(force: boolean): void {
    const { screen, key } = this.screen();
    this.renderHeader();
    if (screen === 'waiting' || screen === 'ended') {
      const snapshot = JSON.stringify(this.view) + JSON.stringify([...this.receiptChecks]) + [...this.missed].join();
      if (!force && key === this.screenKey && snapshot === this.waitingSnapshot) return;
      this.waitingSnapshot = snapshot;
    } else if (!force && key === this.screenKey) {
      return;
    }
    const changed = key !== this.screenKey;
    this.screenKey = key;
    this.main.dataset.screen = screen;
    const target = this.currentTarget();
    switch (screen) {
      case 'signin':
        return this.renderSignIn();
      case 'waiting':
      case 'ended':
        return this.renderWaiting(changed, screen === 'ended');
      case 'fetching':
        return show(this.main, this.stateBadge('voting'), h('h1', {}, target?.view.title ?? ''), h('p', { class: 'big' }, t('tablet.token.fetching')));
      case 'refused':
        return show(this.main, h('h1', { class: 'danger' }, this.refused?.text ?? ''));
      case 'card':
        return this.renderCard(target!);
      case 'review':
        return this.renderReview(target!);
      case 'casting':
        return show(this.main, this.stateBadge('voting'), h('h1', {}, target?.view.title ?? ''), h('p', { class: 'big' }, t('tablet.casting')));
      case 'cast':
        return this.renderCast(target!);
    }
  }

  private renderHeader(): void {
    byId('meeting-title').textContent = this.view?.meeting.title || this.session?.meeting.title || t('tablet.title');
    const who = byId('who');
    who.textContent = this.session ? `${this.session.person.name} · ${t(this.classLabel())}` : '';
    byId('signout').hidden = !this.session;
  }

  private classLabel(): MessageKey {
    return ballotClassWord({ class: this.session?.person.class === 'A' ? 'A' : 'B', kind: this.identity.kind }, this.identity.committeeKind);
  }

  /** Observers and alternate members are told their B ballot does not decide (R4, R13). */
  private classBNote(): HTMLElement | null {
    if (this.session?.person.class !== 'B') return null;
    return h('p', { class: 'note' }, t(this.identity.kind === 'alternate' ? 'tablet.alternate.note' : 'tablet.observer.note'));
  }

  private stateBadge(state: 'notopen' | 'voting' | 'cast' | 'closed' | 'ended'): HTMLElement {
    const key = `tablet.state.${state}` as MessageKey;
    return h('p', { class: `state state-${state}`, 'data-state': state }, t(key));
  }

  private renderSignIn(): void {
    const params = new URLSearchParams(location.search);
    const fixedMeeting = params.get('meeting');
    const meeting = h('input', { id: 'meeting', name: 'meeting', required: true, autocomplete: 'off', value: fixedMeeting ?? '', class: 'field' });
    const code = h('input', {
      id: 'code',
      name: 'code',
      required: true,
      autocomplete: 'one-time-code',
      autocapitalize: 'characters',
      spellcheck: 'false',
      class: 'field code',
      'data-focus': true,
    });
    const error = h('p', { class: 'error', role: 'alert' });
    const submit = h('button', { type: 'submit', class: 'primary big-button' }, t('tablet.signin.submit'));
    const form = h(
      'form',
      { class: 'signin', novalidate: true },
      h('h1', {}, t('tablet.signin.heading')),
      h('p', {}, t('tablet.signin.help')),
      fixedMeeting ? null : h('label', { for: 'meeting' }, t('tablet.signin.meeting')),
      fixedMeeting ? null : meeting,
      h('label', { for: 'code' }, t('tablet.signin.code')),
      code,
      submit,
      error,
    );
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const meetingId = (fixedMeeting ?? meeting.value).trim();
      const codeValue = code.value.trim();
      if (!meetingId || !codeValue) return;
      submit.disabled = true;
      void this.signIn(meetingId, codeValue)
        .catch((e: unknown) => {
          if (e instanceof ApiError && e.status === 429) {
            // The problem says how long the lock lasts (retryAfter, seconds): show it in minutes.
            const wait = Number(e.problem.retryAfter);
            error.textContent = wait > 0 ? t('tablet.signin.lockedFor', { minutes: Math.ceil(wait / 60) }) : t('tablet.signin.locked');
          }
          else if (e instanceof ApiError && (e.status === 401 || e.status === 404 || e.status === 422 || e.status === 400)) error.textContent = t('tablet.signin.badcode');
          else error.textContent = t('tablet.signin.failed', { message: messageOf(e) });
          code.focus();
        })
        .finally(() => (submit.disabled = false));
    });
    show(this.main, form);
  }

  private async signIn(meetingId: string, code: string): Promise<void> {
    const res = await apiRequest<{ tabletToken: string; person: TabletSession['person']; meeting: TabletSession['meeting'] }>(
      browserFetch,
      `/api/meetings/${encodeURIComponent(meetingId)}/sign-in`,
      { method: 'POST', body: { code }, credentials: 'omit' },
    );
    const session: TabletSession = { meetingId, tabletToken: res.tabletToken, person: res.person, meeting: res.meeting };
    await this.store.put(SESSION_KEY, session);
    this.session = session;
    this.say(t('tablet.signedin', { name: session.person.name }));
    // First contact: the service key is pinned now (trust on first use; lib/log-check.ts).
    this.log = new LogFollower({ fetch: browserFetch, store: this.store }, meetingId);
    this.render(true);
    void this.checkLog('start');
    this.follow();
  }

  /** Sign-out keeps only receipts: the next person on this tablet must not find keys or choices. */
  private async forgetSession(): Promise<void> {
    this.stopWatch?.();
    this.stopWatch = null;
    await this.store.delete(SESSION_KEY);
    for (const [key, rec] of this.records) {
      if (rec.receipt) {
        const kept = { item: rec.item, subject: rec.subject, round: rec.round, purpose: rec.purpose, class: rec.class, meeting: rec.meeting, receipt: rec.receipt, status: rec.status } as VoteRecord;
        await this.store.put(key, kept);
        this.records.set(key, kept);
      } else {
        await this.store.delete(key);
        this.records.delete(key);
      }
    }
    for (const key of await this.store.keys('draft:')) await this.store.delete(key);
    this.drafts.clear();
    this.session = null;
    this.view = null;
    this.refused = null;
    // The log's checked checkpoints and the pinned key stay (they are public and belong to the
    // meeting and the service, not to the person); the next sign-in checks against them.
    this.log = null;
    this.logAlarm = null;
    this.missed.clear();
    this.renderBadge();
  }

  async signOut(): Promise<void> {
    const session = this.session;
    if (session) {
      try {
        await apiRequest(browserFetch, '/api/tablet/sign-out', { method: 'POST', bearer: session.tabletToken, credentials: 'omit', body: {} });
      } catch {
        // Signing out locally matters more than telling the server.
      }
    }
    await this.forgetSession();
    this.render(true);
  }

  private renderWaiting(changed: boolean, ended: boolean): void {
    const view = this.view;
    const agenda = h('ol', { class: 'agenda' });
    for (const item of view?.items ?? []) {
      const state = item.status === 'pending' ? 'notopen' : item.status === 'open' ? 'voting' : 'closed';
      const li = h(
        'li',
        { class: `agenda-item status-${item.status}`, 'data-item': item.id },
        h('span', { class: 'agenda-title' }, item.title),
        h('span', { class: `state state-${state}` }, t(`item.status.${item.status}`)),
      );
      for (const rec of this.recordsFor(item.id)) {
        const which = t(rec.purpose === 'motion' ? 'tablet.receipt.motion' : 'tablet.receipt.round', { round: rec.round });
        if (!rec.receipt) {
          if (this.missed.has(voteKey(rec.subject, rec.round))) {
            li.append(h('div', { class: 'receipt-row missed', role: 'status' }, h('span', {}, `${which} · `), h('span', { class: 'danger' }, t('tablet.missed'))));
          }
          continue;
        }
        const row = h('div', { class: 'receipt-row' }, h('span', {}, `${which} · ${t('tablet.receipt.heading')}: `), h('code', { class: 'short-code' }, shortCode(rec.receipt)));
        if (this.voteClosed(rec)) row.append(this.receiptStatus(rec.receipt));
        else row.append(h('span', { class: 'note' }, t('tablet.receipt.afterClose')));
        li.append(row);
      }
      agenda.append(li);
    }
    const noneLeft = view && !view.items.some((i) => i.status === 'pending' || i.status === 'open');
    const children = [
      // "Not yet open" only while something is still to be voted; otherwise voting is over.
      ended ? this.stateBadge('ended') : this.stateBadge(noneLeft ? 'closed' : 'notopen'),
      h('h1', {}, t(ended ? 'tablet.ended.heading' : 'tablet.waiting.heading')),
      ended ? h('p', { class: 'note' }, t('tablet.ended.help')) : null,
      !ended && view?.meeting.kind === 'consultation' ? h('p', { class: 'note', id: 'consultation-window' }, t('tablet.consultation.window', { closesOn: view.meeting.closesOn }), ' ', t('tablet.consultation.help')) : null,
      ended ? null : this.classBNote(),
      h('h2', {}, t('tablet.agenda')),
      view ? agenda : h('p', {}, t('common.loading')),
    ];
    if (changed) show(this.main, ...children);
    else {
      // Same screen, fresher data: keep the focused element where it is when possible.
      const focusedItem = (document.activeElement as HTMLElement | null)?.closest('[data-item]')?.getAttribute('data-item');
      this.main.replaceChildren(...children.filter((c): c is HTMLElement => !!c));
      if (focusedItem) this.main.querySelector<HTMLElement>(`[data-item="${CSS.escape(focusedItem)}"] button`)?.focus();
    }
  }

  /** A vote is over for this record once its item moved on: closed, announced, or a later round. */
  private voteClosed(rec: VoteRecord): boolean {
    const item = this.view?.items.find((i) => i.id === rec.item);
    if (!item) return this.view?.meeting.status === 'closed';
    const current = this.view?.current;
    const runningNow = current && current.item === rec.item && current.round === rec.round && current.purpose === rec.purpose && !/closed/.test(current.status);
    if (runningNow) return false;
    return item.round > rec.round || item.status === 'closed' || item.status === 'announced' || item.status === 'postponed' || this.view?.meeting.status === 'closed' || (rec.purpose === 'motion' && item.status !== 'open');
  }

  private receiptStatus(receipt: string): HTMLElement {
    const check = this.receiptChecks.get(receipt);
    const again = () => h('button', { type: 'button', class: 'secondary', onclick: () => void this.checkReceipt(receipt) }, t('tablet.receipt.recheck'));
    if (!check || check.kind === 'checking') return h('span', { class: 'note', role: 'status' }, t('tablet.receipt.checking'));
    if (check.kind === 'retry') return h('span', { class: 'note', role: 'status' }, t('tablet.receipt.retry'), ' ', again());
    if (check.kind === 'failed') {
      return h('div', { class: 'receipt-check danger', role: 'alert', 'data-check': 'failed' }, t('tablet.receipt.failed', { reason: t(`tablet.log.reason.${check.reason}` as MessageKey) }), ' ', again());
    }
    const latest = this.log?.latest();
    return h(
      'div',
      { class: 'receipt-check ok', role: 'status', 'data-check': 'proven' },
      h('span', {}, t('tablet.receipt.proven')),
      // The hash in <code>: characters to compare with the projector, not words.
      latest ? h('span', { class: 'tally-compare' }, ' ', ...withCode(t('tablet.receipt.compare', { hash: shortCode(latest.rootHash) }), shortCode(latest.rootHash))) : null,
    );
  }

  private recordsFor(itemId: string): VoteRecord[] {
    // In the order they were voted: each round's vote, then that round's motion.
    const rank = (r: VoteRecord) => r.round * 2 + (r.purpose === 'motion' ? 1 : 0);
    return [...this.records.values()].filter((r) => r.item === itemId).sort((a, b) => rank(a) - rank(b));
  }

  /**
   * Proves the receipt's inclusion in the signed log this tablet follows (lib/log-check.ts):
   * only then "已核对". A failure names what failed and asks the member to tell the inspector.
   */
  private async checkReceipt(receipt: string): Promise<void> {
    const log = this.log;
    if (!log || this.receiptChecks.get(receipt)?.kind === 'checking') return;
    this.receiptChecks.set(receipt, { kind: 'checking' });
    this.render(false);
    let result: ReceiptState;
    try {
      await log.proveReceipt(receipt);
      result = { kind: 'proven' };
    } catch (e) {
      if (e instanceof LogRefused) result = { kind: 'failed', reason: e.reason };
      else result = { kind: 'retry' };
      if (e instanceof LogRefused && e.reason !== 'missing' && e.reason !== 'bad_proof') this.raiseLogAlarm(e.reason);
    }
    this.receiptChecks.set(receipt, result);
    if (result.kind === 'proven') this.say(t('tablet.receipt.proven'));
    else if (result.kind === 'failed') this.say(t('tablet.receipt.failed', { reason: t(`tablet.log.reason.${result.reason}` as MessageKey) }));
    this.renderBadge();
    this.render(false);
  }

  /**
   * After a vote has closed: a ballot kept but never acknowledged is sent once more (the
   * server answers a stored one from the log with its receipt; an unstored one is refused as
   * the vote is closed: then it was not cast), a token never used becomes a "missed" notice,
   * and every receipt not yet checked is checked.
   */
  private settling = false;
  private async settleClosedVotes(): Promise<void> {
    if (this.settling || !this.session || !this.view) return;
    this.settling = true;
    try {
      for (const [key, rec] of [...this.records]) {
        if (rec.meeting !== this.session.meetingId || !this.voteClosed(rec)) continue;
        if (rec.status === 'signed' && !this.missed.has(key)) {
          try {
            const done = await castKept({ fetch: browserFetch, store: this.store }, rec);
            this.records.set(key, done);
          } catch (e) {
            if (e instanceof ApiError && e.code === 'vote_not_open') this.missed.add(key);
          }
        } else if (rec.tokenSig && rec.status === 'token' && !this.missed.has(key)) {
          this.missed.add(key);
          this.say(t('tablet.missed'));
          await this.store.delete(`draft:${rec.subject}:${rec.round}`);
          this.drafts.delete(`${rec.subject}:${rec.round}`);
        }
        const receipt = this.records.get(key)?.receipt;
        if (receipt && !this.receiptChecks.has(receipt)) void this.checkReceipt(receipt);
        else if (receipt && this.receiptChecks.get(receipt)?.kind === 'retry') void this.checkReceipt(receipt);
      }
    } finally {
      this.settling = false;
    }
    this.render(false);
  }

  private ballotNominees(target: VoteTarget & { view: ItemView }): { id: string; name: string }[] {
    if (target.purpose === 'motion') return [{ id: MOTION_CHOICE, name: t('tablet.motion') }];
    return target.view.nominees.map((n) => ({ id: n.id, name: n.name }));
  }

  private seatsOf(target: VoteTarget & { view: ItemView }): number {
    return target.purpose === 'motion' ? 1 : target.view.seats;
  }

  private draftKey(target: VoteTarget): string {
    return `${target.subject}:${target.round}`;
  }

  private setDraft(target: VoteTarget, choices: Choices): void {
    const key = this.draftKey(target);
    this.drafts.set(key, choices);
    // IndexedDB writes finish after the click; the body attribute says the choice is on disk
    // (a reload before then keeps the token but may lose this last touch).
    const saved = this.store.put(`draft:${key}`, choices);
    delete document.body.dataset.draftSaved;
    void saved.then(() => {
      if (this.drafts.get(key) === choices) document.body.dataset.draftSaved = key;
    });
  }

  private renderCard(target: VoteTarget & { view: ItemView }): void {
    const item = target.view;
    const motion = target.purpose === 'motion';
    const nominees = this.ballotNominees(target);
    const seats = this.seatsOf(target);
    const ids = nominees.map((n) => n.id);
    const competitive = !motion && ids.length > seats;
    const hint = h('p', { class: 'hint', id: 'approval-hint' });
    const problems = h('p', { class: 'error', role: 'alert' });
    const groups = new Map<string, HTMLFieldSetElement>();

    const refresh = () => {
      const choices = this.drafts.get(this.draftKey(target)) ?? {};
      for (const id of ids) {
        const allowed = approveAllowed(choices, id, seats);
        const fs = groups.get(id)!;
        fs.querySelectorAll<HTMLInputElement>('input[type=radio]').forEach((input) => {
          input.checked = choices[id] === input.value;
          if (input.value === 'approve') {
            input.disabled = !allowed;
            input.closest('label')?.classList.toggle('disabled', !allowed);
          }
          input.closest('label')?.classList.toggle('selected', input.checked);
        });
        fs.classList.toggle('answered', !!choices[id]);
      }
      if (competitive) {
        const left = seats - approvals(choices);
        hint.textContent = left > 0 ? t('tablet.item.approvalsLeft', { left }) : t('tablet.item.approveFull', { k: seats });
      }
    };

    const cards = nominees.map((nominee, index) => {
      const full = item.nominees.find((n) => n.id === nominee.id);
      const fs = h('fieldset', { class: 'nominee', 'data-nominee': nominee.id });
      fs.append(h('legend', {}, motion ? nominee.name : `${index + 1}. ${nominee.name}`));
      if (full && !motion) {
        fs.append(
          h(
            'dl',
            { class: 'facts' },
            h('dt', {}, t('tablet.item.current')),
            h('dd', {}, full.currentPost),
            h('dt', {}, t(item.itemKind === 'removal' ? 'tablet.item.removalOf' : 'tablet.item.post')),
            h('dd', {}, [item.post.unit, item.post.title].filter(Boolean).join(' ')),
            full.birthDate ? h('dt', {}, t('tablet.item.birth')) : null,
            full.birthDate ? h('dd', { class: 'birth' }, birthMonth(full.birthDate)) : null,
          ),
        );
        if (full.resume) fs.append(h('details', { class: 'resume' }, h('summary', {}, t('tablet.item.resume')), resumeList(full.resume)));
        // Collapsed; a tap opens it (docs/full-committee.md §3).
        if (full.dossier) fs.append(dossierDetails(full.dossier));
      }
      const options = h('div', { class: 'choices', role: 'radiogroup', 'aria-label': t('tablet.item.choiceFor', { name: nominee.name }) });
      const offered: Choice[] = motion ? ['approve', 'disapprove'] : CHOICE_ORDER;
      for (const choice of offered) {
        const input = h('input', { type: 'radio', name: `choice-${nominee.id}`, value: choice, 'aria-describedby': competitive && choice === 'approve' ? 'approval-hint' : null });
        input.addEventListener('change', () => {
          const before = this.drafts.get(this.draftKey(target)) ?? {};
          this.setDraft(target, choose(before, nominee.id, choice, seats));
          problems.textContent = '';
          refresh();
        });
        const text = motion ? t(choice === 'approve' ? 'tablet.motion.yes' : 'tablet.motion.no') : t(choiceKeys(item)[choice]);
        options.append(h('label', { class: `choice choice-${choice}` }, input, h('span', {}, text)));
      }
      fs.append(options);
      groups.set(nominee.id, fs);
      return fs;
    });

    const review = h('button', { type: 'button', class: 'primary big-button', id: 'review' }, t('tablet.review'));
    review.addEventListener('click', () => {
      const choices = this.drafts.get(this.draftKey(target)) ?? {};
      const left = missing(ids, choices);
      if (left.length > 0) {
        problems.textContent = t('tablet.item.missing', { n: left.length });
        groups.get(left[0]!)?.querySelector<HTMLInputElement>('input:not([disabled])')?.focus();
        return;
      }
      try {
        // R6 / R8, from the same rules engine the server counts with.
        validateBallotChoices(ids, seats, choices as Record<string, string>);
      } catch (e) {
        problems.textContent = messageOf(e);
        return;
      }
      this.phase = 'review';
      this.render(false);
    });

    show(
      this.main,
      this.stateBadge('voting'),
      h('h1', { 'data-focus': true }, item.title),
      h('p', { class: 'post-line' }, `${t(item.itemKind === 'removal' ? 'tablet.item.removalOf' : 'tablet.item.post')}: ${[item.post.unit, item.post.title].filter(Boolean).join(' ')}`),
      !motion && item.itemKind === 'removal' ? h('p', { class: 'note removal-note' }, t('tablet.item.removalNote')) : null,
      !motion && item.nominates ? h('p', { class: 'note nominates-note' }, t('tablet.item.nominatesNote')) : null,
      !motion && item.citesHash ? h('p', { class: 'note cites-note' }, t('tablet.item.cites', { hash: item.citesHash.slice(0, 16) })) : null,
      this.classBNote(),
      competitive ? h('p', { class: 'note' }, t('tablet.item.seats', { n: ids.length, k: seats })) : null,
      competitive ? hint : null,
      h('form', { class: 'ballot', novalidate: true }, ...cards),
      problems,
      h('div', { class: 'actions' }, review),
    );
    refresh();
  }

  private renderReview(target: VoteTarget & { view: ItemView }): void {
    const choices = this.drafts.get(this.draftKey(target)) ?? {};
    const nominees = this.ballotNominees(target);
    const motion = target.purpose === 'motion';
    const list = h('dl', { class: 'review-list' });
    for (const n of nominees) {
      const c = choices[n.id];
      const label = c ? (motion ? t(c === 'approve' ? 'tablet.motion.yes' : 'tablet.motion.no') : t(choiceKeys(target.view)[c])) : '—';
      list.append(h('dt', {}, n.name), h('dd', { class: `choice-${c ?? 'none'}` }, label));
    }
    const error = h('p', { class: 'error', role: 'alert' });
    const back = h('button', { type: 'button', class: 'secondary big-button' }, t('tablet.review.change'));
    back.addEventListener('click', () => {
      this.phase = 'card';
      this.render(false);
    });
    const cast = h('button', { type: 'button', class: 'primary big-button', id: 'cast' }, t('tablet.cast'));
    cast.addEventListener('click', () => {
      const ids = nominees.map((n) => n.id);
      if (!isComplete(ids, choices)) return;
      cast.disabled = true;
      back.disabled = true;
      const key = voteKey(target.subject, target.round);
      const rec = this.records.get(key);
      if (!rec) return;
      void (async () => {
        try {
          if (!tokenVerifies(rec)) throw new TokenRefused('bad_signature', 'the kept token does not verify');
          const signed = await signAndKeep({ fetch: browserFetch, store: this.store }, rec, ids, this.seatsOf(target), choices);
          this.records.set(key, signed);
          await this.cast(signed);
        } catch (e) {
          error.textContent = t('tablet.cast.failed', { message: messageOf(e) });
          cast.disabled = false;
          back.disabled = false;
        }
      })();
    });
    show(
      this.main,
      this.stateBadge('voting'),
      h('h1', {}, t('tablet.review.heading')),
      h('p', { class: 'item-title' }, target.view.title),
      list,
      h('p', { class: 'note' }, t('tablet.review.help')),
      error,
      h('div', { class: 'actions' }, back, cast),
    );
  }

  private async cast(rec: VoteRecord): Promise<void> {
    if (this.castBusy) return;
    this.castBusy = true;
    this.say(t('tablet.casting'));
    this.render(false);
    try {
      const done = await castKept({ fetch: browserFetch, store: this.store }, rec);
      this.records.set(voteKey(done.subject, done.round), done);
      await this.store.delete(`draft:${done.subject}:${done.round}`);
      this.say(t('tablet.cast.done'));
    } catch (e) {
      if (e instanceof TokenRefused) this.refused = { vote: `${rec.subject}:${rec.round}`, text: refusalText(e) };
      this.say(t('tablet.cast.failed', { message: messageOf(e) }));
    } finally {
      this.castBusy = false;
      this.phase = 'card';
    }
    this.render(false);
  }

  private renderCast(target: VoteTarget & { view: ItemView }): void {
    const rec = this.records.get(voteKey(target.subject, target.round));
    const receipt = rec?.receipt ?? '';
    show(
      this.main,
      this.stateBadge('cast'),
      h('h1', {}, target.view.title),
      h('p', { class: 'big ok' }, t('tablet.cast.done')),
      h('h2', {}, t('tablet.receipt.heading')),
      h('p', { class: 'short-code mono', id: 'short-code' }, receipt ? shortCode(receipt) : ''),
      h('p', { class: 'note' }, t('tablet.receipt.help')),
      h('details', {}, h('summary', {}, t('tablet.receipt.full')), h('code', { class: 'full-receipt' }, receipt)),
      this.consultationNext(target),
    );
  }

  /** A consultation: the receipt stays until the member moves on to the next item (or the agenda). */
  private consultationNext(target: VoteTarget): HTMLElement | null {
    if (this.view?.meeting.kind !== 'consultation') return null;
    const key = voteKey(target.subject, target.round);
    const left = openVotes(this.view).filter(({ vote, item }) => {
      const k = voteKey(voteSubject(item.id, vote.purpose), vote.round);
      return k !== key && !this.answered.has(k);
    }).length;
    return h(
      'p',
      {},
      left > 0 ? h('span', { class: 'note' }, t('tablet.consultation.remaining', { n: left }), ' ') : null,
      h('button', {
        type: 'button',
        class: 'primary big-button',
        id: 'consultation-next',
        onclick: () => {
          this.answered.add(key);
          this.render(true);
        },
      }, t(left > 0 ? 'tablet.consultation.next' : 'tablet.agenda')),
    );
  }
}

/** Refusals in the page's language (issue 17): never the server's English detail; the tablet's own by their reason. */
function messageOf(e: unknown): string {
  if (e instanceof TokenRefused) return refusalText(e);
  if (e instanceof LogRefused) return t(`tablet.log.reason.${e.reason}` as MessageKey);
  return problemText(e);
}

/** A refused token in the tablet's language: a wrong partial names the party at fault, an unproven key what the log check found. */
function refusalText(e: TokenRefused): string {
  if (e.reason === 'partial_wrong') return e.parties.map((p) => t(`tablet.token.fault.${p}`)).join(';');
  if (e.reason === 'key_unproven') {
    return t('tablet.log.keyRefused', { reason: e.logProblem ? t(`tablet.log.reason.${e.logProblem}` as MessageKey) : '' });
  }
  return t('tablet.token.refused', { message: t(`tablet.refused.${e.reason}` as MessageKey) });
}

const MONTHS_EN = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** 出生年月 as people write it: "1978年5月" (English "May 1978"); the day is not shown. */
export function birthMonth(date: string): string {
  const m = /^(\d{4})-(\d{2})(?:-\d{2})?$/.exec(date);
  if (!m) return date;
  const month = Number(m[2]);
  return t('tablet.birth.value', { year: m[1]!, month: getLang() === 'en' ? (MONTHS_EN[month - 1] ?? String(month)) : month });
}

/**
 * The résumé as a résumé: one entry per line, a leading period (1996年, 1996.07, 2001.03—2005.09,
 * 2015年起…) set apart from what was done then.
 */
function resumeList(text: string): HTMLElement {
  const list = h('ol', { class: 'resume-list' });
  for (const line of text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean)) {
    const period = /^(\d{4}(?:[.年]\d{1,2}月?)?(?:\s*[—–~-]+\s*(?:\d{4}(?:[.年]\d{1,2}月?)?|至今|今))?(?:年)?(?:起|后)?)\s*(.*)$/.exec(line);
    if (period && period[2]) list.append(h('li', {}, h('span', { class: 'resume-period' }, period[1]!), h('span', { class: 'resume-text' }, period[2])));
    else list.append(h('li', {}, h('span', { class: 'resume-text' }, line)));
  }
  return list;
}

async function main(): Promise<void> {
  initLang();
  // Members' tablets speak Chinese: the English switch appears only on a tablet whose address
  // asks for it (…/tablet/?meeting=…&en=1), set up so by whoever prepares the tablets.
  const lang = byId<HTMLButtonElement>('lang');
  if (new URLSearchParams(location.search).get('en') === '1') mountLangSwitch(lang);
  else {
    lang.hidden = true;
    if (getLang() !== 'zh-CN') setLang('zh-CN');
  }
  const store = await IdbStore.open();
  const tablet = new Tablet(store, byId('main'), byId('live'), byId('alert'));
  // Signing out ends presence and needs a re-issued slip to undo: ask once more first.
  const signout = byId<HTMLButtonElement>('signout');
  let armed = false;
  signout.addEventListener('click', () => {
    if (!armed) {
      armed = true;
      signout.textContent = t('tablet.signout.confirm');
      setTimeout(() => {
        armed = false;
        signout.textContent = t('tablet.signout');
      }, 5000);
      return;
    }
    armed = false;
    signout.textContent = t('tablet.signout');
    void tablet.signOut();
  });
  await tablet.start();
}

void main().catch((e: unknown) => {
  const alert = document.getElementById('alert');
  if (alert) {
    alert.hidden = false;
    alert.textContent = t('common.error', { message: messageOf(e) });
  }
});
