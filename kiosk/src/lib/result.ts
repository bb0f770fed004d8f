/**
 * Reads GET /api/items/:id/result (src/domain/live/item-result.ts) into what the projector and
 * the console show: A counts and decisions (R2, R3, R8), B counts for reference only (R4).
 */
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
  round: number;
  announced: boolean;
  reconsidered: boolean;
  A: ClassResult;
  B: ClassResult;
  quorate: boolean;
  undecidedSeats: number;
  passRule: string;
  seats: number;
  smallGroupWarning: string | null;
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
  const warning = o.smallGroupWarning && typeof o.smallGroupWarning === 'object' ? String(obj(o.smallGroupWarning).message ?? '') : null;
  return {
    itemId: String(item.id ?? ''),
    title: String(item.title ?? ''),
    round: n(o.round),
    announced: o.announced === true,
    reconsidered: o.reconsidered === true,
    A: readClass(o.A, names),
    B: readClass(o.B, names),
    quorate: decision.quorate !== false,
    undecidedSeats: n(decision.undecidedSeats),
    passRule: String(rule.passRule ?? 'majority'),
    seats: typeof rule.seats === 'number' ? rule.seats : 1,
    smallGroupWarning: warning || null,
  };
}
