/**
 * The order of the meeting's procedure: what must have happened before the next step may.
 * Pure predicates over what the service (or the verifier, from the log) already knows.
 */

/** A vote of the meeting as far as R12 cares: was it tallied, and was that tally announced? */
export interface AnnouncementState {
  tallied: boolean;
  announced: boolean;
}

/**
 * R12: "由会议主持人当场宣布结果" (001 第二篇 六(四)). A meeting may end only when every tallied
 * vote has been announced; this returns the ones that have not, in the order given.
 */
export function unannouncedResults<T extends AnnouncementState>(votes: readonly T[]): T[] {
  return votes.filter((v) => v.tallied && !v.announced);
}

/**
 * R10: the round whose result stands for an item when the meeting ends, given the rounds that
 * were tallied: the last of them. A passed reconsideration motion opens the next round, but if
 * that round is never voted the earlier result stands ("if no new round is held the earlier
 * result stands"); an item never tallied has none (null).
 */
export function standingRound(talliedRounds: readonly number[]): number | null {
  return talliedRounds.length === 0 ? null : Math.max(...talliedRounds);
}
