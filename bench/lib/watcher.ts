/**
 * A tablet following the meeting as the kiosk's tablet does (kiosk/src/lib/watch.ts with
 * `counts: false`, tablet.ts): the SSE stream without counts (`?counts=0`: no progress or
 * presence events), a state fetch (with its bearer) for each event, one fetch at a time, and a state
 * poll every 7.5–22.5 s (drawn afresh each time) while the stream is open, every 2 s when it
 * is not. The same single-flight code as the kiosk (kiosk/src/lib/coalesce.ts).
 */
import { request, type ClientRequest } from 'node:http';
import { singleFlight } from '../../kiosk/src/lib/coalesce';

export interface Watcher {
  /** State fetches made so far. */
  fetches(): number;
  stop(): void;
}

const POLL_MS = 2000;
const STREAMING_POLL_MS = 15_000;

export function watchLikeKiosk(base: string, meetingId: string, bearer: string): Watcher {
  let fetches = 0;
  let stopped = false;
  let streaming = false;
  let lastPoll = Date.now();
  const refresh = singleFlight(async () => {
    if (stopped) return;
    fetches++;
    const res = await fetch(`${base}/api/meetings/${meetingId}/state`, { headers: { authorization: `Bearer ${bearer}` } }).catch(() => null);
    await res?.arrayBuffer().catch(() => null);
  });
  const req: ClientRequest = request(`${base}/api/meetings/${meetingId}/events?counts=0`, { agent: false, headers: { accept: 'text/event-stream' } }, (res) => {
    let buffer = '';
    streaming = res.statusCode === 200;
    res.on('close', () => (streaming = false));
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      buffer += chunk;
      let cut: number;
      while ((cut = buffer.indexOf('\n\n')) >= 0) {
        const event = /^event: (.*)$/m.exec(buffer.slice(0, cut))?.[1];
        buffer = buffer.slice(cut + 2);
        if (!event || event === 'state') continue;
        if (event !== 'progress' && event !== 'presence') void refresh().catch(() => {});
      }
    });
    res.on('error', () => {});
  });
  req.on('error', () => {});
  req.end();
  const nextWait = () => STREAMING_POLL_MS * (0.5 + Math.random());
  let wait = nextWait();
  const poll = setInterval(() => {
    if (streaming && Date.now() - lastPoll < wait) return;
    lastPoll = Date.now();
    wait = nextWait();
    void refresh().catch(() => {});
  }, POLL_MS);
  return {
    fetches: () => fetches,
    stop() {
      stopped = true;
      clearInterval(poll);
      req.destroy();
    },
  };
}
