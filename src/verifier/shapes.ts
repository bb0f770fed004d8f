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

export const ENTRY_SHAPES: Readonly<Record<string, Readonly<Record<string, Shape>>>> = {
  meeting: {
    meeting: { object: { id: 'id', title: 'text', date: 'date' } },
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
          distinctFrom: { list: 'id' },
          excused: { nullable: 'text' },
          role: { nullable: { enum: ['secretary'] } },
        },
      },
    },
    // Class B: observers (列席) and a full committee's alternate members (候补委员), R13.
    observers: { list: { object: { person: 'id', name: 'text', unit: 'text', title: 'text', distinctFrom: { list: 'id' }, kind: { optional: { enum: ['observer', 'alternate'] } } } } },
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
          nominees: { list: { object: { id: 'id', name: 'text', birthDate: 'date', currentPost: 'text', distinctFrom: { list: 'id' }, dossier: { nullable: { object: dossier } } } } },
          followsUp: { nullable: { object: { meeting: 'id', item: 'id', postponeLeaf: 'hex64' } } },
          // R13 (docs/full-committee.md §4): a standing committee's nomination; a full committee's citation of one.
          nominates: 'bool',
          cites: { nullable: { object: citation } },
        },
      },
    },
    checkpointKey: 'id',
    // Who issues the tokens (docs/coissuance.md): the service alone, or with the co-issuer.
    issuance: { oneOf: [{ object: { mode: { enum: ['service'] } } }, { object: { mode: { enum: ['coissued'] }, coissuer: 'id' } }] },
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
  close: { ...ref, issued: perClass, cast: perClass },
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

/** entry-format: `obj` has exactly the members of its type, each of its JSON type. */
export function checkShape(obj: Record<string, unknown>, entry: number): void {
  const shape = ENTRY_SHAPES[String(obj.type)];
  if (!shape) throw new CheckFailure('entry-format', `unknown entry type "${String(obj.type)}"`, entry);
  const m = misfit(obj, { object: { type: 'id', ...shape } }, String(obj.type));
  if (m) throw new CheckFailure('entry-format', m, entry);
}
