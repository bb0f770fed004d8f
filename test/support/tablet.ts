/** Tablets for HTTP tests: the shared client (src/demo/tablet-client.ts) over app.request. */
import { TabletClient, type Fetcher } from '../../src/demo/tablet-client';
import type { TestApp } from './app';
import { signIn } from './seed';

export { TabletClient };

export function fetcherOf(t: Pick<TestApp, 'app'>): Fetcher {
  return async (path, init) => t.app.request(path, init);
}

/** Signs everyone listed in and returns a tablet for each, in order. */
export async function tablets(t: TestApp, meetingId: string, personIds: string[], klass: 'A' | 'B'): Promise<TabletClient[]> {
  const out: TabletClient[] = [];
  for (const p of personIds) out.push(new TabletClient(fetcherOf(t), await signIn(t, meetingId, p), klass));
  return out;
}
