/**
 * Reads every `sealvote-record/v1` record as the current form (docs/record-spec.md §6.1), once
 * entry-format has checked each entry against its own form's members: members added later and
 * absent get the value §6.1 gives them (src/verifier/shapes.ts ABSENT_MEANS), and a first-form
 * record (committee.barRule) gets the policies and rules it was sealed under — the defaults of
 * that time — so every later check runs unchanged on it:
 *   committee.policies = {ratio: "proportional", majority: "more-than-half", bar: barRule, motion: "more-than-half"}
 *   tally.A.rule.majority = "more-than-half";  reconsider.rule = "more-than-half"
 *   tally.barsReplaced (round r > 1) = barsWithdrawn of the passed motion on round r − 1, else []
 * The last line is R10 as it was: a passed motion withdrew the round's bars at once; the `bars`
 * check then asks that they were exactly that round's bars (reconsider.barsWithdrawn, §6.1).
 * `end.items[].standingRound` stays absent: the first form does not state it.
 */
import type { LogEntryObject } from '../../crypto/log-entry';

type Obj = Record<string, any>;

function fill(o: Obj, member: string, value: unknown): void {
  if (!Object.hasOwn(o, member)) o[member] = structuredClone(value);
}

/** `objects` passed entry-format; returns them (copies) in the current form. */
export function readAsCurrentForm(objects: readonly LogEntryObject[], firstForm: boolean): LogEntryObject[] {
  const out = objects.map((o) => structuredClone(o) as Obj);
  const withdrawn = new Map<string, unknown[]>();
  for (const o of out) {
    if (o.type === 'meeting') {
      for (const d of o.due) {
        fill(d, 'role', null);
        fill(d, 'distinctFrom', []);
      }
      for (const b of o.observers) fill(b, 'distinctFrom', []);
      for (const it of o.items) {
        fill(it, 'followsUp', null);
        fill(it, 'nominates', false);
        fill(it, 'cites', null);
        for (const n of it.nominees) {
          fill(n, 'distinctFrom', []);
          fill(n, 'dossier', null);
        }
      }
      if (firstForm) {
        const { barRule, ...committee } = o.committee;
        o.committee = { ...committee, policies: { ratio: 'proportional', majority: 'more-than-half', bar: barRule, motion: 'more-than-half' } };
      }
    } else if (firstForm && o.type === 'reconsider') {
      o.rule = 'more-than-half';
      if (o.passed === true) withdrawn.set(`${o.item}|${o.round}`, o.barsWithdrawn);
    } else if (firstForm && o.type === 'tally') {
      o.A.rule = { ...o.A.rule, majority: 'more-than-half' };
      o.barsReplaced = structuredClone(withdrawn.get(`${o.item}|${o.round - 1}`) ?? []);
    }
  }
  return out as LogEntryObject[];
}
