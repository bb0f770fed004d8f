/**
 * The verifier's checks, in the order they run (design.md, "The verifier ... checks:"). The ids
 * are stable: the CLI's --json output, the inspector's page and the tamper tests name them.
 */
export const CHECKS = [
  { id: 'entry-format', title: 'every entry is canonical sealvote/v1 JSON of a known type' },
  { id: 'leaf-hashes', title: 'leaf hashes recomputed from the entries, none twice' },
  { id: 'checkpoint-signature', title: "every checkpoint signed by the service's key" },
  { id: 'checkpoint-root', title: 'every checkpoint size and root equal the log; the last covers it all' },
  { id: 'cosignature', title: "every cosignature verifies under its department's key over the final checkpoint" },
  { id: 'meeting-entry', title: 'the log starts with the meeting entry of this meeting' },
  { id: 'agenda', title: 'the agenda keeps R5 (at most 30 nominees) and R8 (competitive ratios, under the committee\'s policy)' },
  { id: 'identity', title: 'one person, one roster entry and one nominee, unless confirmed distinct; at most one secretary (R15, R11)' },
  { id: 'discussion', title: 'every recorded discussion before its vote, the secretary speaking last (R11)' },
  { id: 'key-before-token', title: 'every issuer key logged before its tokens and ballots' },
  { id: 'quorum-at-open', title: 'every vote and motion opened with two-thirds of those due present (R1); in a written consultation, with everyone not excused asked and two-thirds of those due among them' },
  { id: 'consultation', title: 'a written consultation: a window of at most 30 days, no reconsideration, each vote closed after the window or once everyone asked answered (R13)' },
  { id: 'issued-within-present', title: 'tokens issued only to those present at open, once each (issued ≤ present)' },
  { id: 'issuance-roll', title: "each vote's issuance roll logged together at its close, sorted by person, no one twice" },
  { id: 'coissuer-keys', title: "co-issued meetings: every issuer key is the sum of the service's and the commission's shares, each with its proof of possession, stated by the co-issuer" },
  { id: 'coissuer-rolls', title: "co-issued meetings: the co-issuer's signed roll of every closed vote equals the issuance roll, covers those present, and ballots stay within it" },
  { id: 'token-signatures', title: 'every ballot token verifies under its logged issuer key (batched)' },
  { id: 'ballot-signatures', title: 'every ballot signature verifies (RFC 8032) and the ballot names its vote' },
  { id: 'ballot-key-unique', title: 'no ballot key used twice' },
  { id: 'ballot-order', title: "each vote's ballots logged together at its close, sorted by leaf hash" },
  { id: 'ballots-within-issued', title: 'ballots ≤ issued for each item, round and class' },
  { id: 'tally-counts', title: 'every count recomputed from the ballots (R4, R6)' },
  { id: 'tally-decision', title: 'every decision recomputed by the rules (R1, R2, R3, R8)' },
  { id: 'reconsideration', title: 'reconsideration motions and later rounds follow R10' },
  { id: 'bars', title: 'bars consistent with the decisions, dated on the meeting date (R3)' },
  { id: 'announced-equals-tally', title: 'every announced result equals its tally (R12)' },
  { id: 'announced-before-end', title: 'every standing result announced before the meeting ended (R12)' },
  { id: 'citations', title: "every full committee item's citation matches the standing committee's record it cites (R13)" },
] as const;

export type CheckId = (typeof CHECKS)[number]['id'];
export type CheckStatus = 'pass' | 'fail' | 'skipped';

export interface CheckResult {
  id: CheckId;
  title: string;
  status: CheckStatus;
  /** Why it failed (or was skipped); for a pass, what was checked. */
  detail?: string;
  /** Index of the first failing entry, when the failure is in the log. */
  entry?: number;
}

/** A check failing at one place; thrown inside a check and recorded as its result. */
export class CheckFailure extends Error {
  constructor(
    readonly check: CheckId,
    readonly detail: string,
    readonly entry?: number,
  ) {
    super(`${check}: ${detail}${entry === undefined ? '' : ` (entry ${entry})`}`);
    this.name = 'CheckFailure';
  }
}

/** Collects one result per check, keeping the first failure of each. */
export class CheckBook {
  private readonly results = new Map<CheckId, CheckResult>();

  fail(check: CheckId, detail: string, entry?: number): void {
    const existing = this.results.get(check);
    if (existing?.status === 'fail') return;
    const r: CheckResult = { id: check, title: titleOf(check), status: 'fail', detail };
    if (entry !== undefined) r.entry = entry;
    this.results.set(check, r);
  }

  pass(check: CheckId, detail?: string): void {
    if (this.results.get(check)?.status === 'fail') return;
    this.results.set(check, { id: check, title: titleOf(check), status: 'pass', ...(detail ? { detail } : {}) });
  }

  skip(check: CheckId, detail: string): void {
    if (this.results.has(check)) return;
    this.results.set(check, { id: check, title: titleOf(check), status: 'skipped', detail });
  }

  failed(check: CheckId): boolean {
    return this.results.get(check)?.status === 'fail';
  }

  /** Runs `body`; a CheckFailure it throws is recorded against its own check. */
  run(check: CheckId, body: () => string | void): void {
    try {
      const detail = body();
      this.pass(check, detail ?? undefined);
    } catch (e) {
      if (e instanceof CheckFailure) this.fail(e.check, e.detail, e.entry);
      else this.fail(check, e instanceof Error ? e.message : String(e));
    }
  }

  /** Every check in CHECKS order; a check never reached is reported as skipped. */
  list(): CheckResult[] {
    return CHECKS.map(
      (c) => this.results.get(c.id) ?? { id: c.id, title: c.title, status: 'skipped' as const, detail: 'not reached' },
    );
  }
}

export function titleOf(check: CheckId): string {
  return CHECKS.find((c) => c.id === check)!.title;
}
