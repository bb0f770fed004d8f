/**
 * A co-issued meeting under test: the live harness, plus the discipline commission's co-issuer
 * (src/coissuer/driver.ts) signed in as an inspector over the same app, with its state in memory.
 */
import { parseCoissuerSignerKey, generateCoissuerKey } from '../../../crypto/coissuer-statements';
import { seedKeys } from '../../../src/coissuer/core';
import { Coissuer, CoissuerApiError, type CoissuerApi, type CoissuerEvent } from '../../../src/coissuer/driver';
import type { CoissuerState } from '../../../src/coissuer/state';
import { officerAgent, type OfficerAgent } from '../../support/officers';
import { fetcherOf, TabletClient } from '../../support/tablet';
import { signIn } from '../../support/seed';
import { liveMeeting, type Live } from '../live/harness';
import type { MeetingSpec } from '../../support/seed';
import type { ServiceConfig } from '../../../src/config';
import type { AppDeps } from '../../../src/deps';

export interface CoissuedLive extends Live {
  inspector: OfficerAgent;
  identity: ReturnType<typeof parseCoissuerSignerKey>;
  coissuer: Coissuer;
  /** The co-issuer's state as last saved (JSON), as a file would hold it. */
  saved(): CoissuerState | null;
  /** How many times the co-issuer has saved its state so far. */
  saves(): number;
  /** Resolves with the first event of the co-issuer that `match` accepts (from now on). */
  next(match: (e: CoissuerEvent) => boolean): Promise<CoissuerEvent>;
  /** Starts (or restarts) the co-issuer's loop. */
  start(): void;
  /** Stops the loop after its current long poll. */
  stop(): Promise<void>;
  /** Signs persons in as tablets of a co-issued meeting (the client retries after a 202). */
  tabletsFor(personIds: string[], klass: 'A' | 'B'): Promise<TabletClient[]>;
  /** Opens the meeting (200) and resolves once the running co-issuer has stated its keys: their count. */
  openStated(): Promise<number>;
}

export function inspectorApi(l: Pick<Live, 't'>, inspector: OfficerAgent): CoissuerApi {
  return async (method, path, body) => {
    const res = await l.t.app.request(path, { method, headers: inspector.headers(), ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    const json = (await res.json()) as Record<string, unknown>;
    if (!res.ok) throw new CoissuerApiError(res.status, json.code as string | undefined, String(json.detail ?? json.title));
    return json;
  };
}

export async function coissuedMeeting(
  spec: Omit<MeetingSpec, 'issuance'> & { config?: Partial<ServiceConfig>; path?: string; ed25519?: AppDeps['ed25519'] },
  opts: { coissuerKey?: string } = {},
): Promise<CoissuedLive> {
  const live = await liveMeeting({ ...spec, issuance: 'coissued' });
  const inspector = await officerAgent(live.t, 'inspector');
  const identity = parseCoissuerSignerKey(opts.coissuerKey ?? generateCoissuerKey('sealvote-coissuer-test').signerKey);
  let saved: string | null = null;
  let saves = 0;
  const listeners = new Set<(e: CoissuerEvent) => void>();
  const coissuer = new Coissuer({
    api: inspectorApi(live, inspector),
    meetingId: live.m.meetingId,
    keys: seedKeys(identity),
    store: { load: async () => (saved ? JSON.parse(saved) : null), save: async (s) => void ((saved = JSON.stringify(s)), saves++) },
    onEvent: (e) => listeners.forEach((l) => l(e)),
    waitS: 2,
    retryMs: 50,
  });
  await coissuer.init();
  let loop: Promise<void> | null = null;
  const out: CoissuedLive = {
    ...live,
    inspector,
    identity,
    coissuer,
    saved: () => (saved ? (JSON.parse(saved) as CoissuerState) : null),
    saves: () => saves,
    next: (match) =>
      new Promise((resolve) => {
        const l = (e: CoissuerEvent) => {
          if (!match(e)) return;
          listeners.delete(l);
          resolve(e);
        };
        listeners.add(l);
      }),
    start() {
      (coissuer as unknown as { stopped: boolean }).stopped = false;
      loop = coissuer.run();
    },
    async stop() {
      coissuer.stop();
      await loop;
    },
    async openStated() {
      const stated = out.next((e) => e.type === 'keys');
      const opened = await live.post(`/api/meetings/${live.m.meetingId}/open`);
      if (opened.status !== 200) throw new Error(`opening the meeting: ${opened.status} ${JSON.stringify(opened.body)}`);
      const e = await stated;
      return e.type === 'keys' ? e.count : 0;
    },
    async tabletsFor(personIds, klass) {
      const out: TabletClient[] = [];
      for (const p of personIds) out.push(new TabletClient(fetcherOf(live.t), await signIn(live.t, live.m.meetingId, p), klass, 20));
      return out;
    },
  };
  return out;
}
