import type { AppDeps } from '../../deps';
import { hubFor } from '../../events/hub';

/**
 * Waking whoever waits on the co-issuance queue of a meeting (docs/coissuance.md §4): the
 * co-issuer's long poll, and each tablet's token request. The rows are the queue; the hub only
 * says "look again". The channels are the co-issuance's own — person ids and blinded points
 * never go to the meeting's public event stream.
 */
export const coissueChannel = (meetingId: string): string => `coissue:${meetingId}`;

/**
 * One person's token request waits on a channel of its own: 60 tablets asking at once each
 * looked at its row again on every other request and answer before — a burst's wake-ups grew
 * with its square. A person has at most one request per vote, and one vote is open at a time.
 */
export const answerChannel = (meetingId: string, personId: string): string => `coissue:${meetingId}:answer:${personId}`;

/** Something of the co-issuer's work changed: a request, a statement, presence, a roll. */
export function publishCoissue(deps: AppDeps, meetingId: string): void {
  hubFor(deps).publish(coissueChannel(meetingId), { type: 'coissue', data: {} });
}

/** The co-issuer answered (or refused) this person's request. */
export function publishAnswer(deps: AppDeps, meetingId: string, personId: string): void {
  hubFor(deps).publish(answerChannel(meetingId, personId), { type: 'coissue', data: {} });
}

/**
 * A Worker has one hub per isolate, and the runtime cancels a request whose promise another
 * request settles; there, waiting is reading the rows again every POLL_WORKERS_MS. On Node the
 * hub wakes the waiter at once, and a slow poll covers anything published elsewhere.
 */
const POLL_WORKERS_MS = 250;
const POLL_NODE_MS = 1_000;
const onWorkers = (): boolean => (globalThis as { navigator?: { userAgent?: string } }).navigator?.userAgent === 'Cloudflare-Workers';

/** Calls `check` until it returns non-null or `timeoutMs` has passed (then null), again at once after an event on `channels`. */
export async function waitFor<T>(deps: AppDeps, channels: readonly string[], check: () => Promise<T | null>, timeoutMs: number): Promise<T | null> {
  const deadline = Date.now() + timeoutMs;
  const workers = onWorkers();
  let wake: (() => void) | null = null;
  let woken = false;
  const onEvent = () => {
    woken = true;
    wake?.();
  };
  const subscriptions = workers ? [] : channels.map((channel) => hubFor(deps).subscribe(channel, onEvent));
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
