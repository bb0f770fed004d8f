import type { AppDeps } from '../../deps';
import { committees } from '../../db/schema';
import { AppError } from '../../errors';
import { newId } from '../../ids';
import { DEFAULT_TIME_ZONE, withDefaults, type CommitteePolicies } from '../../rules';
import { ruleCall } from './rule-call';
import { requireCommittee, type BarRule, type Committee } from './committees';

export interface NewCommittee {
  name: string;
  /** IANA zone whose calendar dates R3 bars use; Asia/Shanghai unless said. */
  timeZone?: string;
  /**
   * The policies the seeds allow (src/rules/policies.ts), each defaulting to the reading used
   * before there was a choice; chosen now, and fixed for the committee's life.
   */
  policies?: Partial<CommitteePolicies>;
  /** The R3 policy alone, as before `policies` (the same as policies.bar). */
  barRule?: BarRule;
  /**
   * 'coissued': the discipline commission's co-issuer co-signs every token (docs/coissuance.md);
   * 'service' (the default, for committees made before issue 18): the service issues alone, and
   * the record and the verifier say so.
   */
  issuance?: 'service' | 'coissued';
  /** R13: 'standing' (常委会) unless said; fixed once created. */
  kind?: 'standing' | 'full';
  /** A full committee's standing committee: only its nominations can be put on this committee's meetings. */
  standingCommitteeId?: string;
}

export async function createCommittee(deps: AppDeps, input: NewCommittee): Promise<Committee> {
  const kind = input.kind ?? 'standing';
  if (input.standingCommitteeId !== undefined) {
    if (kind !== 'full') throw new AppError('validation_failed', 'standingCommitteeId: only a full committee decides a standing committee\'s nominations');
    const standing = await requireCommittee(deps.db, input.standingCommitteeId);
    if (standing.kind !== 'standing') throw new AppError('rule_violation', `${standing.name} is not a standing committee (R13)`, { reason: 'not-standing' });
  }
  if (input.barRule && input.policies?.bar && input.barRule !== input.policies.bar) {
    throw new AppError('validation_failed', 'barRule and policies.bar disagree; give one', { errors: [{ path: ['barRule'], message: 'disagrees with policies.bar' }] });
  }
  const policies = ruleCall(() => withDefaults({ ...(input.barRule ? { bar: input.barRule } : {}), ...input.policies }, kind));

  const row = {
    id: newId('cmt'),
    name: input.name,
    timeZone: input.timeZone ?? DEFAULT_TIME_ZONE,
    barRule: policies.bar,
    ratioPolicy: policies.ratio,
    majorityPolicy: policies.majority,
    motionPolicy: policies.motion,
    issuance: input.issuance ?? 'service',
    kind,
    standingCommitteeId: input.standingCommitteeId ?? null,
    createdAt: deps.now().getTime(),
  } satisfies Committee;
  await deps.db.insert(committees).values(row);
  return row;
}
