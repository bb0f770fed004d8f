/**
 * Follows a meeting: the SSE stream (GET /api/meetings/:id/events) for prompt updates, plus a
 * steady poll of the state, which is all a Worker deployment offers (one hub per isolate) and
 * which repairs anything a dropped stream missed.
 */
import { throttleLatest } from './coalesce';

/** Counts change with every cast; one refresh per this many ms is enough for a person to read. */
const COUNTS_EVERY_MS = 300;
/** How often, on average, a page with an open event stream still fetches the state, in case it missed one. */
const STREAMING_POLL_MS = 15_000;

export interface MeetingEventMessage {
  type: string;
  data: unknown;
}

/**
 * `counts: false` ignores progress and presence events (a tablet shows no counts): in a room of
 * 200 tablets each event would otherwise become 200 state requests. `busy()` true keeps the
 * poll at `pollMs` even with the stream open: a tablet that still has a token to fetch or a
 * ballot to resend retries on each poll.
 */
export function watchMeeting(
  meetingId: string,
  onChange: (event?: MeetingEventMessage) => void,
  pollMs = 2000,
  opts: { counts?: boolean; busy?: () => boolean } = {},
): () => void {
  let source: EventSource | null = null;
  let stopped = false;
  // Progress and presence only change counts: the latest one is all a page needs. Every other
  // event (an item opened, closed, announced) is passed on at once.
  const counts = throttleLatest<MeetingEventMessage>((event) => {
    if (!stopped) onChange(event);
  }, COUNTS_EVERY_MS);
  const open = () => {
    if (stopped || typeof EventSource === 'undefined') return;
    // Without counts the server leaves progress and presence out of the stream altogether.
    source = new EventSource(`/api/meetings/${encodeURIComponent(meetingId)}/events${opts.counts === false ? '?counts=0' : ''}`);
    for (const type of ['state', 'item-opened', 'item-closed', 'item-announced', 'item-postponed', 'presence', 'progress', 'meeting']) {
      source.addEventListener(type, (ev) => {
        let data: unknown = null;
        try {
          data = JSON.parse((ev as MessageEvent<string>).data);
        } catch {
          data = null;
        }
        if (type === 'progress' || type === 'presence') {
          if (opts.counts !== false) counts({ type, data });
        }
        else onChange({ type, data });
      });
    }
    source.onerror = () => {
      // The browser retries on its own; a closed stream (404 on a Worker) falls back to polling.
      if (source?.readyState === EventSource.CLOSED) source = null;
    };
  };
  open();
  // The poll repairs what a dropped stream missed and is all a Worker deployment has (no SSE
  // there). While the stream is open it only needs to run now and then: every page polling
  // every 2 s is 100 state requests a second from a room of 200 tablets.
  // Each wait is drawn afresh between half and one and a half times the period, so tablets that
  // signed in together do not all ask at the same instant.
  const nextWait = () => STREAMING_POLL_MS * (0.5 + Math.random());
  let lastPoll = Date.now();
  let wait = nextWait();
  const timer = setInterval(() => {
    if (stopped) return;
    const streaming = source?.readyState === EventSource.OPEN;
    if (streaming && !opts.busy?.() && Date.now() - lastPoll < wait) return;
    lastPoll = Date.now();
    wait = nextWait();
    onChange();
  }, pollMs);
  onChange();
  return () => {
    stopped = true;
    clearInterval(timer);
    source?.close();
  };
}
