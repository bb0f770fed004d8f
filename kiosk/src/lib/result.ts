/**
 * Reads GET /api/items/:id/result (src/domain/live/item-result.ts) into what the projector and
 * the console show: A counts and decisions (R2, R3, R8), B counts for reference only (R4).
 */
import { passes } from '../../../src/rules';
export interface NomineeResult {
  id: string;
  name: string;
  approve: number;
  disapprove: number;
  abstain: number;
  approved: boolean;
  barred: boolean;
}

export interface ClassResult {
  due: number | null;
  present: number;
  issued: number;
  cast: number;
  notCast: number;
  nominees: NomineeResult[];
}

export interface ItemResultView {
  itemId: string;
  title: string;
  /** 任职 or 免职: a removal's approval is "同意免职". */
  itemKind: 'appointment' | 'removal';
  round: number;
  announced: boolean;
  reconsidered: boolean;
  A: ClassResult;
  B: ClassResult;
  quorate: boolean;
  undecidedSeats: number;
  passRule: string;
  seats: number;
  /** The committee's policies that decided it (R2's majority, R3's bar, R10's motion threshold). */
  majority: 'more-than-half' | 'half-or-more';
  barRule: 'disapprove-half' | 'not-approved';
  motionRule: 'more-than-half' | 'half-or-more';
  /** Whether a reconsideration motion was moved on this round (its threshold is then named). */
  hasMotion: boolean;
  /** Why the result could give choices away (small groups), by class; null when it cannot. */
  smallGroupWarning: SmallGroupReason[] | null;
}

export interface SmallGroupReason {
  class: 'A' | 'B';
  reason: 'single-voter' | 'unanimous';
  /** The nominees on whom the class was unanimous (names). */
  nominees: string[];
}

/**
 * The message keys of a result's words: a removal says 同意免职 / 不同意免职, and its decision
 * 同意免职 / 未通过免职 (docs/full-committee.md §2).
 */
export function resultWords(itemKind: ItemResultView['itemKind']) {
  const removal = itemKind === 'removal';
  return {
    approve: removal ? 'choice.removal.approve' : 'choice.approve',
    disapprove: removal ? 'choice.removal.disapprove' : 'choice.disapprove',
    abstain: 'choice.abstain',
    decision: (d: 'approved' | 'undecided' | 'rejected') => (removal && d !== 'undecided' ? (`projector.removal.${d}` as const) : (`projector.${d}` as const)),
  } as const;
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const n = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

function readClass(v: unknown, names: Map<string, string>): ClassResult {
  const o = obj(v);
  const nominees = Array.isArray(o.nominees) ? o.nominees.map(obj) : [];
  return {
    due: typeof o.due === 'number' ? o.due : null,
    present: n(o.present),
    issued: n(o.issued),
    cast: n(o.cast),
    notCast: n(o.notCast),
    nominees: nominees.map((x) => {
      const id = String(x.id ?? '');
      return {
        id,
        name: names.get(id) ?? id,
        approve: n(x.approve),
        disapprove: n(x.disapprove),
        abstain: n(x.abstain),
        approved: x.approved === true,
        barred: x.barred === true,
      };
    }),
  };
}

export function readItemResult(json: unknown): ItemResultView {
  const o = obj(json);
  const item = obj(o.item);
  const names = new Map(
    (Array.isArray(o.nominees) ? o.nominees.map(obj) : []).map((x) => [String(x.id ?? ''), String(x.name ?? x.id ?? '')] as const),
  );
  const a = obj(o.A);
  const decision = obj(a.decision);
  const rule = obj(a.rule);
  const policies = obj(o.policies);
  // Structured, so the page words it in its own language (the server's `message` is English).
  const classes = o.smallGroupWarning && typeof o.smallGroupWarning === 'object' ? obj(o.smallGroupWarning).classes : null;
  const warning: SmallGroupReason[] | null = Array.isArray(classes)
    ? classes.map(obj).map((c) => ({
        class: c.class === 'B' ? 'B' : 'A',
        reason: c.reason === 'single-voter' ? 'single-voter' : 'unanimous',
        nominees: (Array.isArray(c.nominees) ? c.nominees : []).map((id) => names.get(String(id)) ?? String(id)),
      }))
    : null;
  return {
    itemId: String(item.id ?? ''),
    title: String(item.title ?? ''),
    itemKind: item.kind === 'removal' ? 'removal' : 'appointment',
    round: n(o.round),
    announced: o.announced === true,
    reconsidered: o.reconsidered === true,
    A: readClass(o.A, names),
    B: readClass(o.B, names),
    quorate: decision.quorate !== false,
    undecidedSeats: n(decision.undecidedSeats),
    passRule: String(rule.passRule ?? 'majority'),
    seats: typeof rule.seats === 'number' ? rule.seats : 1,
    // The tally's own rule first (as logged), the committee's policies after.
    majority: (rule.majority ?? policies.majority) === 'half-or-more' ? 'half-or-more' : 'more-than-half',
    barRule: (rule.barRule ?? policies.bar) === 'not-approved' ? 'not-approved' : 'disapprove-half',
    motionRule: policies.motion === 'half-or-more' ? 'half-or-more' : 'more-than-half',
    hasMotion: o.motion !== null && typeof o.motion === 'object',
    smallGroupWarning: warning && warning.length ? warning : null,
  };
}

/**
 * A nominee's decision as people read it: approved; undecided only when their place is tied
 * (R8: they met R2 and a tie across the last seat left it open); otherwise not approved. A seat
 * left empty because nobody met R2 is not a tie.
 */
export function nomineeDecision(r: Pick<ItemResultView, 'A' | 'quorate' | 'undecidedSeats' | 'passRule'> & Partial<Pick<ItemResultView, 'majority'>>, n: NomineeResult): 'approved' | 'undecided' | 'rejected' {
  if (n.approved) return 'approved';
  const due = r.A.due ?? 0;
  const rule = r.passRule === 'two-thirds' ? 'two-thirds' : 'majority';
  // R2 under the committee's majority policy (000's "half or more" passes at exactly half).
  if (r.quorate && r.undecidedSeats > 0 && due > 0 && passes(due, n.approve, rule, r.majority ?? 'more-than-half')) return 'undecided';
  return 'rejected';
}
