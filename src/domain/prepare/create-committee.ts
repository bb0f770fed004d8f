import type { AppDeps } from '../../deps';
import { committees } from '../../db/schema';
import { newId } from '../../ids';
import { DEFAULT_TIME_ZONE } from '../../rules';
import type { BarRule, Committee } from './committees';

export interface NewCommittee {
  name: string;
  /** IANA zone whose calendar dates R3 bars use; Asia/Shanghai unless said. */
  timeZone?: string;
  /** R3 policy: 'disapprove-half' (source 000) unless the committee adopted 'not-approved'. */
  barRule?: BarRule;
  /**
   * 'coissued': the discipline commission's co-issuer co-signs every token (docs/coissuance.md);
   * 'service' (the default, for committees made before issue 18): the service issues alone, and
   * the record and the verifier say so.
   */
  issuance?: 'service' | 'coissued';
}

export async function createCommittee(deps: AppDeps, input: NewCommittee): Promise<Committee> {
  const row = {
    id: newId('cmt'),
    name: input.name,
    timeZone: input.timeZone ?? DEFAULT_TIME_ZONE,
    barRule: input.barRule ?? 'disapprove-half',
    issuance: input.issuance ?? 'service',
    createdAt: deps.now().getTime(),
  } satisfies Committee;
  await deps.db.insert(committees).values(row);
  return row;
}
