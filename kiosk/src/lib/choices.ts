/** The item card's choice state: one choice per nominee (R6), at most k approvals (R8). */
import type { Choice } from '../../../src/rules';

export type Choices = Partial<Record<string, Choice>>;

export function approvals(choices: Choices): number {
  return Object.values(choices).filter((c) => c === 'approve').length;
}

/** R8: once k nominees are approved, "approve" is closed for every other nominee. */
export function approveAllowed(choices: Choices, nomineeId: string, seats: number): boolean {
  return choices[nomineeId] === 'approve' || approvals(choices) < seats;
}

/** Applies a choice, refusing one that would exceed k approvals. Returns the new state. */
export function choose(choices: Choices, nomineeId: string, choice: Choice, seats: number): Choices {
  if (choice === 'approve' && !approveAllowed(choices, nomineeId, seats)) return choices;
  return { ...choices, [nomineeId]: choice };
}

export function missing(nomineeIds: string[], choices: Choices): string[] {
  return nomineeIds.filter((id) => !choices[id]);
}

export function isComplete(nomineeIds: string[], choices: Choices): choices is Record<string, Choice> {
  return missing(nomineeIds, choices).length === 0;
}
