/**
 * In-process fan-out of a meeting's live events to its SSE streams (tablets, console,
 * projector). Events carry states and counts only — never a choice, a partial tally (R11) or
 * anything that links a ballot to a person. On Workers every isolate has its own hub, so
 * clients there poll GET /api/meetings/:id/state instead.
 */
export type MeetingEventType = 'item-opened' | 'item-closed' | 'item-announced' | 'item-postponed' | 'item-discussed' | 'presence' | 'progress' | 'meeting' | 'coissue';

export interface MeetingEvent {
  type: MeetingEventType;
  data: Record<string, unknown>;
}

export type MeetingListener = (event: MeetingEvent) => void;

export class EventHub {
  private readonly listeners = new Map<string, Set<MeetingListener>>();
  private readonly taps = new Set<(meetingId: string, event: MeetingEvent) => void>();

  /**
   * Sees every meeting's events, for in-process bookkeeping (the cast gate forgets its counts at
   * close); not a stream, so not counted by subscriberCount. Returns the function that removes it.
   */
  tap(listener: (meetingId: string, event: MeetingEvent) => void): () => void {
    this.taps.add(listener);
    return () => void this.taps.delete(listener);
  }

  /** Returns the function that unsubscribes. */
  subscribe(meetingId: string, listener: MeetingListener): () => void {
    let set = this.listeners.get(meetingId);
    if (!set) this.listeners.set(meetingId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(meetingId);
    };
  }

  publish(meetingId: string, event: MeetingEvent): void {
    for (const tap of this.taps) {
      try {
        tap(meetingId, event);
      } catch {
        // Bookkeeping must not stop the streams or the vote that published.
      }
    }
    for (const listener of this.listeners.get(meetingId) ?? []) {
      try {
        listener(event);
      } catch {
        // One broken stream must not stop the others or the vote that published.
      }
    }
  }

  subscriberCount(meetingId: string): number {
    return this.listeners.get(meetingId)?.size ?? 0;
  }
}

const fallback = new WeakMap<object, EventHub>();

/** The hub of an app: `deps.events` when given, else one per deps object (one per process). */
export function hubFor(deps: { events?: EventHub }): EventHub {
  if (deps.events) return deps.events;
  let hub = fallback.get(deps);
  if (!hub) fallback.set(deps, (hub = new EventHub()));
  return hub;
}
