/**
 * The members of every entry type, exactly (docs/record-spec.md, "Entries"): an entry with a
 * member missing, a member of the wrong JSON type, or any member the spec does not list fails
 * `entry-format` at that entry. Ballot bodies are checked by crypto/ballot.ts parseSignedBallot
 * (also exact). Values that other checks recompute (counts, decisions) are only typed here.
 */
import { CheckFailure } from './checks';

type Shape =
  | 'id' // non-empty string
  | 'text' // any string
  | 'date' // YYYY-MM-DD
  | 'int' // integer ≥ 0
  | 'pos' // integer ≥ 1
  | 'bool'
  | 'hex64' // 64 lowercase hex digits (32 B)
  | 'hex96' // 96 lowercase hex digits (48 B)
  | 'ballot' // a JSON object (crypto/ballot.ts checks it)
  | 'hex128' // 128 lowercase hex digits (64 B)
  | 'hex192' // 192 lowercase hex digits (96 B)
  | { enum: readonly string[] }
  | { nullable: Shape }
  | { optional: Shape } // only as an object member: absent, or of that shape
  | { oneOf: readonly Shape[] }
  | { list: Shape }
  | { object: Readonly<Record<string, Shape>> };

const klass = { enum: ['A', 'B'] } as const;
const purpose = { enum: ['vote', 'motion'] } as const;
const barRule = { enum: ['disapprove-half', 'not-approved'] } as const;
const halfRule = { enum: ['more-than-half', 'half-or-more'] } as const;
/** The committee's policies (src/rules/policies.ts), one member each. */
const policies = { object: { ratio: { enum: ['proportional', 'one-or-two-more'] }, majority: halfRule, bar: barRule, motion: halfRule } } as const;
const passRule = { enum: ['majority', 'two-thirds'] } as const;
/** An item's status: in the meeting entry when the meeting opened, and in `end`. */
export const ITEM_STATUSES = ['pending', 'open', 'closed', 'announced', 'postponed'] as const;
const ref = { item: 'id', round: 'pos', purpose } as const;
const perClass = { object: { A: 'int', B: 'int' } } as const;
const bar = { object: { nominee: 'id', post: 'id', voteDate: 'date', liftsOn: 'date', rule: barRule } } as const;
const counts = { approve: 'int', disapprove: 'int', abstain: 'int' } as const;
/** A key share of a co-issued vote (docs/coissuance.md): 96 B G2 key, 48 B proof of possession. */
const share = { object: { public_key: 'hex192', pop: 'hex96' } } as const;

/** What members were told of a person on an item (docs/full-committee.md §3). */
const dossier = {
  source: { enum: ['organization', 'personal'] },
  recommender: { nullable: 'text' },
  relationship: { nullable: 'text' },
  declaration: { nullable: 'bool' },
  recommendation: 'text',
  examination: 'text',
  reasons: 'text',
  vacancy: 'text',
} as const;

/** The standing committee's vote a full committee's item decides on. */
const citation = {
  committee: 'id',
  meeting: 'id',
  item: 'id',
  round: 'pos',
  tallyHash: 'hex64',
  kind: { enum: ['appointment', 'removal'] },
  nominee: { object: { id: 'id', name: 'text', birthDate: 'date' } },
  post: { object: { id: 'id', unit: 'text', title: 'text' } },
} as const;

type Shapes = Readonly<Record<string, Readonly<Record<string, Shape>>>>;

/**
 * Members added to `sealvote-record/v1` after its first records, optional in every record
 * (docs/record-spec.md §6.1): absent, each is the value shown, which the service could as well
 * have written, so accepting the absence lets no record through that the value would not.
 */
export const ABSENT_MEANS = {
  'due[].role': null,
  'due[].distinctFrom': [],
  'observers[].distinctFrom': [],
  'items[].nominees[].distinctFrom': [],
  'items[].nominees[].dossier': null,
  'items[].followsUp': null,
  'items[].nominates': false,
  'items[].cites': null,
} as const;

export const ENTRY_SHAPES: Shapes = {
  meeting: {
    // A written consultation (docs/full-committee.md §5) came after the first records: absent, `kind` is `sitting` and `closesOn` null.
    meeting: { object: { id: 'id', title: 'text', date: 'date', kind: { optional: { enum: ['sitting', 'consultation'] } }, closesOn: { optional: { nullable: 'date' } } } },
    // The three `kind` members came after the first records of this format: absent, they are
    // `standing`, `observer` and `appointment` (docs/record-spec.md §6), so those records verify.
    committee: { object: { id: 'id', name: 'text', timeZone: 'id', policies, kind: { optional: { enum: ['standing', 'full'] } } } },
    due: {
      list: {
        object: {
          person: 'id',
          name: 'text',
          unit: 'text',
          title: 'text',
          distinctFrom: { optional: { list: 'id' } },
          excused: { nullable: 'text' },
          role: { optional: { nullable: { enum: ['secretary'] } } },
        },
      },
    },
    // Class B: observers (列席) and a full committee's alternate members (候补委员), R13.
    observers: { list: { object: { person: 'id', name: 'text', unit: 'text', title: 'text', distinctFrom: { optional: { list: 'id' } }, kind: { optional: { enum: ['observer', 'alternate'] } } } } },
    items: {
      list: {
        object: {
          id: 'id',
          position: 'pos',
          title: 'text',
          kind: { optional: { enum: ['appointment', 'removal'] } },
          round: 'pos',
          status: { enum: ITEM_STATUSES },
          post: { object: { id: 'id', unit: 'text', title: 'text' } },
          seats: 'pos',
          openSelection: 'bool',
          passRule,
          nominees: {
            list: { object: { id: 'id', name: 'text', birthDate: 'date', currentPost: 'text', distinctFrom: { optional: { list: 'id' } }, dossier: { optional: { nullable: { object: dossier } } } } },
          },
          followsUp: { optional: { nullable: { object: { meeting: 'id', item: 'id', postponeLeaf: 'hex64' } } } },
          // R13 (docs/full-committee.md §4): a standing committee's nomination; a full committee's citation of one.
          nominates: { optional: 'bool' },
          cites: { optional: { nullable: { object: citation } } },
        },
      },
    },
    checkpointKey: 'id',
    // Who issues the tokens (docs/coissuance.md): the service alone, or with the co-issuer.
    // Records sealed before it was written lack it: absent is the service alone (record-spec §6.1).
    issuance: { optional: { oneOf: [{ object: { mode: { enum: ['service'] } } }, { object: { mode: { enum: ['coissued'] }, coissuer: 'id' } }] } },
  },
  key: {
    ...ref,
    class: klass,
    public_key: 'hex192',
    key_id: 'hex64',
    // Co-issued meetings only: both key shares and the co-issuer's signature on its key statement.
    shares: { optional: { object: { service: share, commission: share } } },
    coissuer_sig: { optional: 'hex128' },
  },
  open: { ...ref, due: 'int', present: { object: { members: { list: 'id' }, observers: { list: 'id' } } }, presentCount: perClass },
  issued: { ...ref, class: klass, person: 'id' },
  ballot: { ballot: 'ballot' },
  // `closedOn`: a consultation's close only, the day it was closed (the `consultation` check).
  close: { ...ref, issued: perClass, cast: perClass, closedOn: { optional: 'date' } },
  tally: {
    item: 'id',
    round: 'pos',
    A: {
      object: {
        due: 'int',
        present: 'int',
        issued: 'int',
        cast: 'int',
        notCast: 'int',
        nominees: { list: { object: { id: 'id', ...counts, approved: 'bool', barred: 'bool' } } },
        decision: { object: { quorate: 'bool', undecidedSeats: 'int' } },
        rule: { object: { passRule, majority: halfRule, barRule, seats: 'pos' } },
      },
    },
    B: { object: { present: 'int', issued: 'int', cast: 'int', notCast: 'int', nominees: { list: { object: { id: 'id', ...counts } } } } },
    bars: { list: bar },
    barsReplaced: { list: bar },
  },
  discussion: { item: 'id', round: 'pos', introducedBy: 'text', speakers: { list: { object: { person: 'id', name: 'text' } } } },
  postpone: { item: 'id', round: 'pos', reason: 'text' },
  announce: { item: 'id', round: 'pos' },
  reconsider: {
    item: 'id',
    round: 'pos',
    motion: { object: { due: 'int', present: 'int', issued: 'int', cast: 'int', notCast: 'int', yes: 'int', no: 'int', abstain: 'int' } },
    rule: halfRule,
    passed: 'bool',
    reconsideredRound: { nullable: 'pos' },
    nextRound: { nullable: 'pos' },
  },
  end: { meeting: 'id', items: { list: { object: { id: 'id', status: { enum: ITEM_STATUSES }, round: 'pos', standingRound: { nullable: 'pos' } } } } },
  // The co-issuer's signed roll of one class of a closed vote (docs/coissuance.md §3.1).
  coissued: { ...ref, class: klass, key_id: 'hex64', present: { list: 'id' }, issued: { list: 'id' }, sig: 'hex128' },
};

/**
 * The first form of `sealvote-record/v1` (docs/record-spec.md §6.1): records sealed before
 * committee policies (commit 56781dd) name only the bar rule (`committee.barRule`), their
 * reconsideration withdrew the reconsidered round's bars at once (`reconsider.barsWithdrawn`),
 * and their tallies, motions and `end` state no majority, motion rule, replaced bars or
 * standing round. A record is in the first form when its meeting entry's committee has
 * `barRule`; then every entry has exactly these members, and the current form's are refused
 * (so are `discussion` entries, which came later).
 */
export const FIRST_FORM_SHAPES: Shapes = (() => {
  const { policies: _p, ...committee } = (ENTRY_SHAPES.meeting!.committee as { object: Record<string, Shape> }).object;
  const tally = ENTRY_SHAPES.tally!;
  const a = (tally.A as { object: Record<string, Shape> }).object;
  const { majority: _m, ...rule } = (a.rule as { object: Record<string, Shape> }).object;
  const { barsReplaced: _b, ...tallyMembers } = tally;
  const { rule: _r, ...reconsider } = ENTRY_SHAPES.reconsider!;
  const endItem = ((ENTRY_SHAPES.end!.items as { list: { object: Record<string, Shape> } }).list.object);
  const { standingRound: _s, ...endItemMembers } = endItem;
  // The discussion step (R11) came after committee policies: no first-form record has one.
  const { discussion: _d, ...types } = ENTRY_SHAPES;
  return {
    ...types,
    meeting: { ...ENTRY_SHAPES.meeting!, committee: { object: { ...committee, barRule } } },
    tally: { ...tallyMembers, A: { object: { ...a, rule: { object: rule } } } },
    reconsider: { ...reconsider, barsWithdrawn: { list: bar } },
    end: { ...ENTRY_SHAPES.end!, items: { list: { object: endItemMembers } } },
  };
})();

/** Whether the record's meeting entry (entry 0) is in the first form (§6.1). */
export function isFirstForm(meetingEntry: Record<string, unknown> | undefined): boolean {
  const committee = meetingEntry?.type === 'meeting' ? meetingEntry.committee : undefined;
  return isObject(committee) && Object.hasOwn(committee, 'barRule');
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isCalendarDate(s: string): boolean {
  if (!DATE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** Why `v` does not fit `shape` at `path`, or null. */
function misfit(v: unknown, shape: Shape, path: string): string | null {
  if (typeof shape === 'string') {
    switch (shape) {
      case 'id':
        return typeof v === 'string' && v.length > 0 ? null : `${path} must be a non-empty string`;
      case 'text':
        return typeof v === 'string' ? null : `${path} must be a string`;
      case 'date':
        return typeof v === 'string' && isCalendarDate(v) ? null : `${path} must be a calendar date YYYY-MM-DD`;
      case 'int':
      case 'pos':
        return typeof v === 'number' && Number.isSafeInteger(v) && v >= (shape === 'pos' ? 1 : 0) ? null : `${path} must be an integer ≥ ${shape === 'pos' ? 1 : 0}`;
      case 'bool':
        return typeof v === 'boolean' ? null : `${path} must be true or false`;
      case 'hex64':
      case 'hex96':
      case 'hex128':
      case 'hex192': {
        const n = { hex64: 64, hex96: 96, hex128: 128, hex192: 192 }[shape];
        return typeof v === 'string' && v.length === n && /^[0-9a-f]*$/.test(v) ? null : `${path} must be ${n} lowercase hex digits`;
      }
      case 'ballot':
        return isObject(v) ? null : `${path} must be an object`;
    }
  }
  if ('enum' in shape) return typeof v === 'string' && shape.enum.includes(v) ? null : `${path} must be one of ${shape.enum.join(', ')}`;
  if ('nullable' in shape) return v === null ? null : misfit(v, shape.nullable, path);
  if ('optional' in shape) return misfit(v, shape.optional, path);
  if ('oneOf' in shape) {
    const misfits = shape.oneOf.map((s) => misfit(v, s, path));
    return misfits.includes(null) ? null : misfits[0]!;
  }
  if ('list' in shape) {
    if (!Array.isArray(v)) return `${path} must be an array`;
    for (let i = 0; i < v.length; i++) {
      const m = misfit(v[i], shape.list, `${path}[${i}]`);
      if (m) return m;
    }
    return null;
  }
  if (!isObject(v)) return `${path} must be an object`;
  for (const k of Object.keys(shape.object)) {
    const member = shape.object[k]!;
    if (!Object.hasOwn(v, k)) {
      if (typeof member === 'object' && 'optional' in member) continue;
      return `${path}.${k} is missing`;
    }
    const m = misfit(v[k], shape.object[k]!, `${path}.${k}`);
    if (m) return m;
  }
  for (const k of Object.keys(v)) if (!Object.hasOwn(shape.object, k)) return `${path}.${k} is not a member of this entry type`;
  return null;
}

/** entry-format: `obj` has exactly the members of its type (in the record's form), each of its JSON type. */
export function checkShape(obj: Record<string, unknown>, entry: number, firstForm = false): void {
  const shape = (firstForm ? FIRST_FORM_SHAPES : ENTRY_SHAPES)[String(obj.type)];
  if (!shape) throw new CheckFailure('entry-format', `unknown entry type "${String(obj.type)}"`, entry);
  const m = misfit(obj, { object: { type: 'id', ...shape } }, String(obj.type));
  if (m) throw new CheckFailure('entry-format', m, entry);
}
