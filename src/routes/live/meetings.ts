import { OpenAPIHono, createRoute } from '@hono/zod-openapi';
import { streamSSE } from 'hono/streaming';
import { requireOfficer } from '../../auth/guards';
import { closeMeeting } from '../../domain/live/close-meeting';
import { meetingState } from '../../domain/live/meeting-state';
import { openMeeting } from '../../domain/live/open-meeting';
import { hubFor, type MeetingEvent } from '../../events/hub';
import type { AppEnv } from '../../http/env';
import { validationHook } from '../../http/validation';
import { Any, MeetingParam, cookieAuth, json, liveProblems } from './common';

const openRoute = createRoute({
  method: 'post',
  path: '/meetings/{id}/open',
  tags: ['live'],
  summary: 'Open the meeting on its own date (R14; 422 meeting_not_today), every nominee checked against the bars on that date (R3): seal the agenda and start its log',
  security: cookieAuth,
  middleware: [requireOfficer('presiding')] as const,
  request: { params: MeetingParam },
  responses: { 200: json(Any, 'Opened; the first checkpoint'), ...liveProblems },
});

const closeRoute = createRoute({
  method: 'post',
  path: '/meetings/{id}/close',
  tags: ['live'],
  summary: 'End the meeting: final checkpoint, whose root is the tally hash; 409 results_unannounced while a closed vote is unannounced (R12)',
  security: cookieAuth,
  middleware: [requireOfficer('presiding')] as const,
  request: { params: MeetingParam },
  responses: { 200: json(Any, 'Closed'), ...liveProblems },
});

const stateRoute = createRoute({
  method: 'get',
  path: '/meetings/{id}/state',
  tags: ['live'],
  summary: 'The live state of a meeting (presence, items, the open vote with R11 counts only)',
  description:
    'While the meeting is open, one computation of its state answers the requests of up to 250 ms (a room of tablets asks in waves); every event of the meeting drops it, so counts are at most 250 ms behind, like the progress events, and nothing an event announces is ever served stale.',
  request: { params: MeetingParam },
  responses: { 200: json(Any, 'State'), ...liveProblems },
});

const HEARTBEAT_MS = 15_000;

export function meetingLiveRoutes() {
  return (
    new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
      .openapi(openRoute, async (c) => c.json(await openMeeting(c.get('deps'), c.req.valid('param').id), 200))
      .openapi(closeRoute, async (c) => c.json(await closeMeeting(c.get('deps'), c.req.valid('param').id), 200))
      .openapi(stateRoute, async (c) => c.json(await meetingState(c.get('deps'), c.req.valid('param').id), 200))
      // Server-sent events: `state` first, then item-opened / item-closed / item-announced / item-postponed /
      // presence / progress as they happen. Counts only, never a choice (R11). Not in the
      // OpenAPI document (a plain route), but chained so the typed client knows the path.
      // `?counts=0` leaves out progress and presence: a tablet shows no counts, and in a room of
      // 200 tablets every count would otherwise be written to 200 streams (issue 20.6).
      .get('/meetings/:id/events', async (c) => {
        const deps = c.get('deps');
        const meetingId = c.req.param('id');
        const counts = c.req.query('counts') !== '0';
        const initial = await meetingState(deps, meetingId);
        return streamSSE(c, async (stream) => {
          const queue: MeetingEvent[] = [];
          let wake: (() => void) | null = null;
          let closed = false;
          const unsubscribe = hubFor(deps).subscribe(meetingId, (event) => {
            if (!counts && (event.type === 'progress' || event.type === 'presence')) return;
            queue.push(event);
            wake?.();
          });
          stream.onAbort(() => {
            closed = true;
            wake?.();
          });
          let lastPresence = JSON.stringify(initial.presence);
          await stream.writeSSE({ event: 'state', data: JSON.stringify(initial) });
          try {
            while (!closed) {
              if (queue.length === 0) {
                let timer: ReturnType<typeof setTimeout> | undefined;
                await new Promise<void>((resolve) => {
                  wake = resolve;
                  timer = setTimeout(resolve, HEARTBEAT_MS);
                });
                clearTimeout(timer);
                wake = null;
              }
              if (closed) break;
              if (queue.length === 0 && !counts) {
                await stream.write(': ping\n\n');
                continue;
              }
              if (queue.length === 0) {
                // Heartbeat; presence also changes through sign-ins this process may not publish.
                const presence = JSON.stringify((await meetingState(deps, meetingId)).presence);
                if (presence !== lastPresence) {
                  lastPresence = presence;
                  await stream.writeSSE({ event: 'presence', data: presence });
                } else {
                  await stream.write(': ping\n\n');
                }
                continue;
              }
              for (const event of queue.splice(0)) {
                if (event.type === 'presence') lastPresence = JSON.stringify(event.data);
                await stream.writeSSE({ event: event.type, data: JSON.stringify(event.data) });
              }
            }
          } finally {
            unsubscribe();
          }
        });
      })
  );
}
