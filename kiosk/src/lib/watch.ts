/**
 * Follows a meeting: the SSE stream (GET /api/meetings/:id/events) for prompt updates, plus a
 * steady poll of the state, which is all a Worker deployment offers (one hub per isolate) and
 * which repairs anything a dropped stream missed.
 */
import { throttleLatest } from './coalesce';

/** Counts change with every cast; one refresh per this many ms is enough for a person to read. */
const COUNTS_EVERY_MS = 300;

export interface MeetingEventMessage {
  type: string;
  data: unknown;
}

export function watchMeeting(meetingId: string, onChange: (event?: MeetingEventMessage) => void, pollMs = 2000): () => void {
  let source: EventSource | null = null;
  let stopped = false;
  // Progress and presence only change counts: the latest one is all a page needs. Every other
  // event (an item opened, closed, announced) is passed on at once.
  const counts = throttleLatest<MeetingEventMessage>((event) => {
    if (!stopped) onChange(event);
  }, COUNTS_EVERY_MS);
  const open = () => {
    if (stopped || typeof EventSource === 'undefined') return;
    source = new EventSource(`/api/meetings/${encodeURIComponent(meetingId)}/events`);
    for (const type of ['state', 'item-opened', 'item-closed', 'item-announced', 'presence', 'progress', 'meeting']) {
      source.addEventListener(type, (ev) => {
        let data: unknown = null;
        try {
          data = JSON.parse((ev as MessageEvent<string>).data);
        } catch {
          data = null;
        }
        if (type === 'progress' || type === 'presence') counts({ type, data });
        else onChange({ type, data });
      });
    }
    source.onerror = () => {
      // The browser retries on its own; a closed stream (404 on a Worker) falls back to polling.
      if (source?.readyState === EventSource.CLOSED) source = null;
    };
  };
  open();
  const timer = setInterval(() => {
    if (!stopped) onChange();
  }, pollMs);
  onChange();
  return () => {
    stopped = true;
    clearInterval(timer);
    source?.close();
  };
}
