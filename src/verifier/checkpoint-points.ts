/**
 * Where the service signs checkpoints (docs/record-spec.md, "Checkpoints"): right after the
 * `meeting` entry, after every opening write (a vote's or a motion's `key`… `open` entries,
 * so a tablet can check its issuer key's inclusion before asking for a token), after every close
 * write (`issued`… `ballot`… `close` and its `tally` or `reconsider`), and after `end`. Each of
 * those writes ends with one entry of type meeting, open, tally, reconsider or end, and no
 * other write does, so the points are the sizes just after those entries. The service
 * (src/record/checkpoint.ts) and the verifier (checkpoint-root) read this one definition.
 */
const SEALED_AFTER: ReadonlySet<string> = new Set(['meeting', 'open', 'tally', 'reconsider', 'end']);

/** The log sizes that must carry a checkpoint, ascending, for entries of these types in order. */
export function checkpointSizes(types: readonly string[]): number[] {
  const sizes: number[] = [];
  types.forEach((t, i) => {
    if (SEALED_AFTER.has(t)) sizes.push(i + 1);
  });
  return sizes;
}
