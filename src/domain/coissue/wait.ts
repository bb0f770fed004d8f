import type { AppDeps } from '../../deps';
import { hubFor } from '../../events/hub';

/**
 * Waking whoever waits on the co-issuance queue of a meeting (docs/coissuance.md §4): the
 * co-issuer's long poll and the tablets' token requests. The rows are the queue; the hub only
 * says "look again". Its channel is the co-issuer's own — person ids and blinded points never
 * go to the meeting's public event stream.
 */
export const coissueChannel = (meetingId: string): string => `coissue:${meetingId}`;

export function publishCoissue(deps: AppDeps, meetingId: string): void {
  hubFor(deps).publish(coissueChannel(meetingId), { type: 'coissue', data: {} });
}

/**
 * A Worker has one hub per isolate, and the runtime cancels a request whose promise another
 * request settles; there, waiting is reading the rows again every POLL_WORKERS_MS. On Node the
 * hub wakes the waiter at once, and a slow poll covers anything published elsewhere.
 */
const POLL_WORKERS_MS = 250;
const POLL_NODE_MS = 1_000;
const onWorkers = (): boolean => (globalThis as { navigator?: { userAgent?: string } }).navigator?.userAgent === 'Cloudflare-Workers';

/** Calls `check` until it returns non-null or `timeoutMs` has passed (then null). */
export async function waitFor<T>(deps: AppDeps, meetingId: string, check: () => Promise<T | null>, timeoutMs: number): Promise<T | null> {
  const deadline = Date.now() + timeoutMs;
  const workers = onWorkers();
  let wake: (() => void) | null = null;
  let woken = false;
  const onEvent = () => {
    woken = true;
    wake?.();
  };
  // The meeting's own events (opening, closing, sign-ins) change the co-issuer's work too.
  const subscriptions = workers ? [] : [hubFor(deps).subscribe(coissueChannel(meetingId), onEvent), hubFor(deps).subscribe(meetingId, onEvent)];
  const unsubscribe = () => subscriptions.forEach((u) => u());
  try {
    for (;;) {
      woken = false;
      const found = await check();
      if (found !== null) return found;
      const left = deadline - Date.now();
      if (left <= 0) return null;
      // Published while we were checking: look again at once.
      if (woken) continue;
      let timer: ReturnType<typeof setTimeout> | undefined;
      await new Promise<void>((resolve) => {
        wake = resolve;
        timer = setTimeout(resolve, Math.min(left, workers ? POLL_WORKERS_MS : POLL_NODE_MS));
      });
      clearTimeout(timer);
      wake = null;
    }
  } finally {
    unsubscribe();
  }
}
