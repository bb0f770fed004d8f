import { RuleInputError } from './errors';

/**
 * 任免 is appointments and removals (000 五 "通过任免"; 001 第二篇 六(一) "拟任免人选"). An
 * appointment item proposes nominees for a post; a removal item proposes removing one person
 * from a post they hold, voted the same way (R1, R2, R4, R6, R7, R11, R12).
 */
export type ItemKind = 'appointment' | 'removal';

export const ITEM_KINDS: readonly ItemKind[] = ['appointment', 'removal'];

export function requireItemKind(value: unknown, field = 'kind'): ItemKind {
  if (!ITEM_KINDS.includes(value as ItemKind)) {
    throw new RuleInputError(field, `must be one of ${ITEM_KINDS.join(', ')}, got ${String(value)}`);
  }
  return value as ItemKind;
}

/**
 * R3 is about nominations ("不得作为同一职位的拟任人选提名"): it is checked when a nominee is
 * put forward and created by a nominee's rejection. A removal nominates no one, so neither
 * applies to it, under either bar policy.
 */
export function barsApply(kind: ItemKind): boolean {
  return requireItemKind(kind) === 'appointment';
}

/**
 * A removal names exactly one person for exactly one post, and is never competitive (R8 is
 * about choosing among nominees). Appointments keep R8's shapes (counts.ts requireItemShape).
 */
export function removalShapeOk(persons: number, seats: number, openSelection: boolean): boolean {
  return persons === 1 && seats === 1 && !openSelection;
}
