import type { AppDeps } from '../../deps';
import { nominees } from '../../db/schema';
import { newId } from '../../ids';
import { requireCommittee, type Nominee } from './committees';

export interface NewNominee {
  name: string;
  birthDate: string;
  currentPost: string;
  /** Shown to members on the tablet before they vote. */
  resume: string;
}

export async function addNominee(deps: AppDeps, committeeId: string, input: NewNominee): Promise<Nominee> {
  await requireCommittee(deps.db, committeeId);
  const row: Nominee = { id: newId('nom'), committeeId, ...input, createdAt: deps.now().getTime() };
  await deps.db.insert(nominees).values(row);
  return row;
}
