/**
 * The co-issuer's loop (docs/coissuance.md §4), shared by `sealvote coissue run` and the
 * inspector page: long-poll the service for work, decide with core.ts, keep the state, then
 * send. It knows nothing of files, terminals or pages: those give it an `api`, a `store` and
 * listen to its events.
 */
import { hexToBytes } from '../../crypto/bytes';
import { verifyPartialAnswer, type IssuerOps } from '../../crypto/coissue';
import { coissuerPublicKey } from '../../crypto/coissuer-statements';
import {
  acceptKey,
  acknowledge,
  answer,
  confirmPresent,
  markAbsent,
  reconcile,
  signRolls,
  unacknowledged,
  unconfirmed,
  updateRoster,
  type CoissuerKeys,
  type Refusal,
  type TokenRequest,
} from './core';
import { checkLoadedState, newState, voteId, type CoissuerState, type Klass, type Purpose } from './state';

/** One HTTP call to the service as the signed-in inspector; throws CoissuerApiError on a problem. */
export type CoissuerApi = (method: 'GET' | 'PUT' | 'POST', path: string, body?: unknown) => Promise<unknown>;

export class CoissuerApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string | undefined,
    message: string,
  ) {
    super(message);
    this.name = 'CoissuerApiError';
  }
}

export interface CoissuerStore {
  load(): Promise<unknown | null>;
  /** Must be durable when it resolves: an answer is sent only after its record is kept. */
  save(state: CoissuerState): Promise<void>;
}

export interface WorkView {
  meeting: { id: string; title: string; date: string; status: string };
  committee: { kind: 'standing' | 'full' };
  verifierKey: string;
  roster: Array<{ person: string; class: Klass; kind: 'member' | 'observer' | 'alternate'; name: string; unit: string; title: string; excused: boolean }>;
  signedIn: string[];
  presence: Record<string, 'present' | 'absent'>;
  open: { item: string; round: number; purpose: Purpose } | null;
  keysDue: Array<{ item: string; round: number; purpose: Purpose; class: Klass; service: { public_key: string; pop: string } }>;
  requests: TokenRequest[];
  answered: Array<{ item: string; round: number; purpose: Purpose; class: Klass; person: string; blinded: string; blindedHash: string; partial: string; sig: string }>;
  rollsDue: Array<{ item: string; round: number; purpose: Purpose; classes: Klass[] }>;
  etag: string;
}

export type CoissuerEvent =
  | { type: 'connected'; meeting: WorkView['meeting'] }
  | { type: 'offline'; message: string }
  | { type: 'work'; view: WorkView; unconfirmed: string[]; waiting: Array<{ person: string; class: Klass }> }
  | { type: 'keys'; count: number }
  | { type: 'answered'; person: string; class: Klass; item: string }
  | { type: 'refused'; person: string; reason: Refusal; item: string }
  | { type: 'roll'; item: string; round: number; purpose: Purpose; class: Klass; issued: number; matchesService: boolean }
  | { type: 'fatal'; message: string };

export interface CoissuerOptions {
  api: CoissuerApi;
  meetingId: string;
  keys: CoissuerKeys;
  store: CoissuerStore;
  onEvent?: (e: CoissuerEvent) => void;
  /** Long-poll wait, seconds (≤ 20). */
  waitS?: number;
  /** Pause after a failed request before trying again. */
  retryMs?: number;
  /** Waits between tries; tests give their own. */
  sleep?: (ms: number) => Promise<void>;
  /** The BLS operations on the service's input; noble's unless given (the CLI on Node: mcl-wasm's, same answers). */
  ops?: IssuerOps;
}

const KEY_BATCH = 25;
const ANSWER_BATCH = 100;

export class Coissuer {
  state!: CoissuerState;
  view: WorkView | null = null;
  private stopped = false;
  /** The state as last kept (JSON): keeping it again unchanged would only cost an fsync. */
  private kept: string | null = null;
  private readonly identityPk: Uint8Array;
  private readonly base: string;

  constructor(private readonly o: CoissuerOptions) {
    this.identityPk = coissuerPublicKey(o.keys.verifierKey);
    this.base = `/api/meetings/${encodeURIComponent(o.meetingId)}/coissuer`;
  }

  private emit(e: CoissuerEvent): void {
    this.o.onEvent?.(e);
  }

  /** Loads or starts the state and registers the key (a no-op once registered). */
  async init(): Promise<void> {
    const loaded = await this.o.store.load();
    this.state = loaded ? checkLoadedState(loaded, this.o.meetingId, this.o.keys.verifierKey) : newState(this.o.meetingId, this.o.keys.verifierKey);
    await this.keep();
    await this.o.api('PUT', this.base, { verifierKey: this.o.keys.verifierKey });
  }

  /** Runs until stop(): each turn waits for work, then does all of it. */
  async run(): Promise<void> {
    const sleep = this.o.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    let connected = false;
    while (!this.stopped) {
      try {
        await this.turn();
        if (!connected && this.view) this.emit({ type: 'connected', meeting: this.view.meeting });
        connected = true;
      } catch (e) {
        if (e instanceof FatalCoissuerError) {
          this.emit({ type: 'fatal', message: e.message });
          this.stopped = true;
          break;
        }
        connected = false;
        this.emit({ type: 'offline', message: (e as Error).message });
        await sleep(this.o.retryMs ?? 2000);
      }
    }
  }

  stop(): void {
    this.stopped = true;
  }

  /** One long poll and everything it asks for. */
  async turn(): Promise<void> {
    const q = new URLSearchParams({ wait: String(this.o.waitS ?? 20) });
    if (this.view) q.set('etag', this.view.etag);
    this.view = (await this.o.api('GET', `${this.base}/work?${q}`)) as WorkView;
    await this.process(this.view);
  }

  /** Does what one view of the work asks: keys, answers, rolls; keeps the state before each send. */
  async process(view: WorkView): Promise<void> {
    if (view.verifierKey !== this.o.keys.verifierKey) {
      throw new FatalCoissuerError('the service has another co-issuer key registered for this meeting than this key file');
    }
    updateRoster(this.state, view.roster, view.meeting.status !== 'draft');
    this.checkAnswered(view);
    await this.syncPresence(view);
    await this.resend();
    // Requests first: tablets wait on them. A request's vote is open, so its key was stated in
    // an earlier turn (a vote opens only with our statement); keys offered now are for votes
    // still to open.
    await this.answerRequests(view);
    await this.acceptKeys(view);
    await this.signClosed(view);
    // What changed without being sent (the roster frozen, a vote refused for a lost state,
    // acknowledgements): each send above kept the state before it went.
    await this.keep();
    const waiting = view.requests.filter((r) => this.state.presence[r.person] === undefined).map((r) => ({ person: r.person, class: r.class }));
    this.emit({ type: 'work', view, unconfirmed: unconfirmed(this.state, view.signedIn), waiting });
  }

  /** Keeps the state (durably) unless it is what was kept last. */
  private async keep(): Promise<void> {
    const text = JSON.stringify(this.state);
    if (text === this.kept) return;
    await this.o.store.save(this.state);
    this.kept = text;
  }

  /**
   * Answers the service holds under OUR signature that our state does not know (a lost or
   * replaced state file): that vote is refused from now on (core.ts reconcile). An answer that
   * is not ours is the service's invention and proves nothing about our state.
   */
  private checkAnswered(view: WorkView): void {
    const byVote = new Map<string, { ref: { item: string; round: number; purpose: Purpose }; held: Array<{ person: string; blindedHash: string }> }>();
    for (const a of view.answered) {
      const vote = this.state.votes[voteId(a)];
      const kept = vote?.issued[a.person];
      if (kept && kept.blindedHash === a.blindedHash) continue;
      const statement = vote?.keys[a.class]?.statement;
      if (!statement || !this.answerIsOurs(statement.key_id, a.blinded, a.partial, a.sig)) continue;
      const entry = byVote.get(voteId(a)) ?? { ref: { item: a.item, round: a.round, purpose: a.purpose }, held: [] };
      entry.held.push({ person: a.person, blindedHash: a.blindedHash });
      byVote.set(voteId(a), entry);
    }
    for (const { ref, held } of byVote.values()) reconcile(this.state, ref, held);
  }

  private async syncPresence(view: WorkView): Promise<void> {
    const present = Object.entries(this.state.presence).filter(([p, s]) => s === 'present' && view.presence[p] !== 'present').map(([p]) => p);
    const absent = Object.entries(this.state.presence).filter(([p, s]) => s === 'absent' && view.presence[p] !== 'absent').map(([p]) => p);
    if (present.length + absent.length > 0) await this.o.api('POST', `${this.base}/presence`, { present, absent });
  }

  /** The officer saw this person in the room. */
  async confirm(person: string): Promise<void> {
    await this.knowRoster(person);
    confirmPresent(this.state, person);
    await this.keep();
    await this.o.api('POST', `${this.base}/presence`, { present: [person], absent: [] });
  }

  /** The officer says this person is not (or no longer) in the room. */
  async absent(person: string): Promise<void> {
    await this.knowRoster(person);
    markAbsent(this.state, person);
    await this.keep();
    await this.o.api('POST', `${this.base}/presence`, { present: [], absent: [person] });
  }

  /** Before the first turn the roster may be unknown: read it once (no wait). */
  private async knowRoster(person: string): Promise<void> {
    if (this.state.roster[person]) return;
    const view = (await this.o.api('GET', `${this.base}/work?wait=0`)) as WorkView;
    updateRoster(this.state, view.roster, view.meeting.status !== 'draft');
  }

  private async acceptKeys(view: WorkView): Promise<void> {
    const statements = [];
    for (const offer of view.keysDue) {
      const r = await acceptKey(this.state, this.o.keys, offer, this.o.ops);
      if ('refusal' in r) continue;
      statements.push({ item: offer.item, round: offer.round, purpose: offer.purpose, class: offer.class, commission: r.statement.shares.commission, sig: r.sig });
    }
    if (statements.length === 0) return;
    await this.keep();
    for (let i = 0; i < statements.length; i += KEY_BATCH) {
      await this.o.api('POST', `${this.base}/keys`, { statements: statements.slice(i, i + KEY_BATCH) });
    }
    this.emit({ type: 'keys', count: statements.length });
  }

  /** Answers kept but never acknowledged (a crash or a lost reply): the same answers again. */
  private async resend(): Promise<void> {
    const pending = unacknowledged(this.state).map(({ vote, person, record }) => ({ item: vote.item, round: vote.round, purpose: vote.purpose, person, partial: record.partial, sig: record.sig }));
    if (pending.length > 0) await this.sendAnswers(pending);
  }

  private async answerRequests(view: WorkView): Promise<void> {
    const out: Array<Record<string, unknown> & { item: string; round: number; purpose: Purpose; person: string }> = [];
    const told: CoissuerEvent[] = [];
    for (const req of view.requests) {
      const a = await answer(this.state, this.o.keys, req, this.o.ops);
      const ref = { item: req.item, round: req.round, purpose: req.purpose, person: req.person };
      if (a.kind === 'answer') {
        out.push({ ...ref, partial: a.partial, sig: a.sig });
        told.push({ type: 'answered', person: req.person, class: req.class, item: req.item });
      } else if (a.kind === 'refuse') {
        out.push({ ...ref, refusal: a.reason });
        told.push({ type: 'refused', person: req.person, reason: a.reason, item: req.item });
      }
    }
    if (out.length === 0) return;
    // Kept BEFORE sending: after a crash the same answers go again, never different ones.
    await this.keep();
    await this.sendAnswers(out);
    told.forEach((e) => this.emit(e));
  }

  private async sendAnswers(out: Array<Record<string, unknown> & { item: string; round: number; purpose: Purpose; person: string }>): Promise<void> {
    for (let i = 0; i < out.length; i += ANSWER_BATCH) {
      const reply = (await this.o.api('POST', `${this.base}/answers`, { answers: out.slice(i, i + ANSWER_BATCH) })) as {
        answers: Array<{ item: string; round: number; purpose: Purpose; person: string; stored: boolean; reason?: string }>;
      };
      // Kept at the end of the turn: an acknowledgement lost in a crash only sends the same answer again.
      for (const r of reply.answers) acknowledge(this.state, r, r.stored, r.reason);
    }
  }

  private async signClosed(view: WorkView): Promise<void> {
    for (const due of view.rollsDue) {
      const vote = this.state.votes[voteId(due)];
      if (!vote) continue;
      // Every answer of the vote must be settled first: the roll names the acknowledged only.
      if (Object.values(vote.issued).some((r) => !r.acked && !r.dropped)) await this.resend();
      const rolls = await signRolls(this.state, this.o.keys, due);
      await this.keep();
      const send = rolls.filter((r) => due.classes.includes(r.roll.class));
      if (send.length === 0) continue;
      const reply = (await this.o.api('POST', `${this.base}/rolls`, {
        rolls: send.map((r) => ({ item: r.roll.item, round: r.roll.round, purpose: r.roll.purpose, class: r.roll.class, present: r.roll.present, issued: r.roll.issued, sig: r.sig })),
      })) as { rolls: Array<{ class: Klass; matchesService: boolean }> };
      for (const r of send) {
        const kept = vote.rolls[r.roll.class];
        if (kept) kept.posted = true;
        const match = reply.rolls.find((x) => x.class === r.roll.class)?.matchesService ?? false;
        this.emit({ type: 'roll', item: r.roll.item, round: r.roll.round, purpose: r.roll.purpose, class: r.roll.class, issued: r.roll.issued.length, matchesService: match });
      }
      await this.keep();
    }
  }

  /** True when this co-issuer's identity key signed that answer. */
  answerIsOurs(keyId: string, blinded: string, partial: string, sig: string): boolean {
    return verifyPartialAnswer(this.identityPk, hexToBytes(keyId, 32), hexToBytes(blinded, 48), hexToBytes(partial, 48), hexToBytes(sig, 64));
  }
}

/** Stops the loop: nothing this co-issuer can do will fix it (another key registered, a foreign state). */
export class FatalCoissuerError extends Error {
  override readonly name = 'FatalCoissuerError';
}
