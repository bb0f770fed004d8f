/**
 * The typed client (src/client.ts) over the live routes: a whole small vote driven through
 * `createClient` against the real app in process, and compile-time checks (tsc) that the live
 * routes are typed — a wrong body is a type error, which `@ts-expect-error` would itself reject
 * if the routes were untyped.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ballotReceipt, newBallotKey, signBallot, type Choice } from '../../crypto/ballot';
import { bytesToHex, hexToBytes } from '../../crypto/bytes';
import { blind, finalize } from '../../crypto/token';
import { createClient, type ApiClient } from '../../src/client';
import type { ClassTally } from '../../src/record/entries';
import { makeTestApp, type TestApp } from '../support/app';
import { createOfficer, TEST_PASSWORD } from '../support/officers';
import { seedMeeting, signIn } from '../support/seed';

let t: TestApp | undefined;
afterEach(() => t?.close());

const BASE = 'http://localhost';

/** A fetch that answers from the in-process app. */
function appFetch(app: TestApp['app'], onResponse?: (res: Response) => void): typeof fetch {
  return (async (input: RequestInfo | URL, init?: RequestInit) => {
    const res = await app.request(input instanceof Request ? input : String(input), init);
    onResponse?.(res);
    return res;
  }) as typeof fetch;
}

/** The presiding officer's client: logs in, then sends the session cookie and CSRF token. */
async function officerClient(app: TestApp['app'], username: string): Promise<ApiClient> {
  let cookie = '';
  let csrf = '';
  const api = createClient(
    BASE,
    appFetch(app, (res) => {
      const set = res.headers.get('set-cookie');
      if (set) cookie = set.split(';')[0]!;
    }),
    () => ({ cookie, 'x-csrf-token': csrf }),
  );
  const login = await api.auth.login.$post({ json: { username, password: TEST_PASSWORD } });
  expect(login.status).toBe(200);
  if (login.status !== 200) throw new Error('login failed');
  csrf = (await login.json()).csrfToken;
  return api;
}

/** One tablet's vote through the typed client: keys, blind token request, ballot, cast. */
async function voteThroughClient(
  tabletApi: ApiClient,
  anonymousApi: ApiClient,
  itemId: string,
  choices: Record<string, Choice>,
): Promise<{ receipt: string; status: number }> {
  const keysRes = await tabletApi.items[':id'].keys.$get({ param: { id: itemId } });
  expect(keysRes.status).toBe(200);
  if (keysRes.status !== 200) throw new Error('no keys');
  // The keys route answers a free-form object (`Any` in the OpenAPI document).
  const k = (await keysRes.json()) as { meeting: string; round: number; purpose: 'vote' | 'motion'; keys: Array<{ class: 'A' | 'B'; publicKey: string; keyId: string }> };
  const key = k.keys.find((x) => x.class === 'A')!;
  const ballotKey = newBallotKey();
  const keyId = hexToBytes(key.keyId, 32);
  const { blinded, blindState } = blind(keyId, ballotKey.publicKey);

  const tokenRes = await tabletApi.items[':id'].tokens.$post({
    param: { id: itemId },
    json: { round: k.round, class: 'A', purpose: k.purpose, blinded: bytesToHex(blinded) },
  });
  expect(tokenRes.status).toBe(200);
  if (tokenRes.status !== 200) throw new Error(`token refused: ${JSON.stringify(await tokenRes.json())}`);
  const signed = await tokenRes.json();
  // Typed fields of the 200 response, no cast needed.
  const blindSignature: string = signed.blindSignature;
  expect(signed.keyId).toBe(key.keyId);
  expect(signed.publicKey).toBe(key.publicKey);

  const tokenSig = finalize(hexToBytes(key.publicKey, 96), keyId, ballotKey.publicKey, blindState, hexToBytes(blindSignature, 48));
  const ballot = signBallot(
    {
      v: 1,
      meeting: k.meeting,
      item: itemId,
      round: k.round,
      class: 'A',
      key_id: key.keyId,
      ballot_pk: bytesToHex(ballotKey.publicKey),
      token_sig: bytesToHex(tokenSig),
      choices,
    },
    ballotKey.secretKey,
  );
  const cast = await anonymousApi.ballots.$post({ json: { ...ballot } });
  expect(cast.status).toBe(201);
  if (cast.status !== 201) throw new Error(`ballot refused: ${JSON.stringify(await cast.json())}`);
  const { receipt } = await cast.json();
  expect(receipt).toBe(ballotReceipt(ballot));

  // An identical resend is answered 200 with the same receipt (typed as its own status).
  const again = await anonymousApi.ballots.$post({ json: { ...ballot } });
  expect(again.status).toBe(200);
  if (again.status === 200) expect((await again.json()).receipt).toBe(receipt);
  return { receipt, status: cast.status };
}

describe('the typed client over the live routes', () => {
  it('runs a small vote: open meeting, open item, tokens, ballots, close, result, announce, close meeting', async () => {
    t = makeTestApp();
    const m = await seedMeeting(t, { members: 5, items: [{ nominees: 1 }] });
    const item = m.items[0]!;
    const nominee = item.nomineeIds[0]!;
    await createOfficer(t.deps, { username: 'presiding', role: 'presiding' });
    const api = await officerClient(t.app, 'presiding');
    // Ballots go with no credential at all (R7); tablets send their bearer token.
    const anonymous = createClient(BASE, appFetch(t.app));

    const opened = await api.meetings[':id'].open.$post({ param: { id: m.meetingId } });
    expect(opened.status).toBe(200);

    const bearers: string[] = [];
    for (const p of m.members) bearers.push(await signIn(t, m.meetingId, p));
    const tabletApis = bearers.map((b) => createClient(BASE, appFetch(t!.app), { authorization: `Bearer ${b}` }));

    const state = await api.meetings[':id'].state.$get({ param: { id: m.meetingId } });
    expect(state.status).toBe(200);

    // The presiding officer only: a tablet cannot open the item.
    const notOfficer = await tabletApis[0]!.items[':id'].open.$post({ param: { id: item.id } });
    expect(notOfficer.status).toBe(401);
    const itemOpened = await api.items[':id'].open.$post({ param: { id: item.id } });
    expect(itemOpened.status).toBe(200);

    const choices: Choice[] = ['approve', 'approve', 'approve', 'disapprove', 'abstain'];
    const receipts: string[] = [];
    for (const [i, tabletApi] of tabletApis.entries()) {
      receipts.push((await voteThroughClient(tabletApi, anonymous, item.id, { [nominee]: choices[i]! })).receipt);
    }
    expect(new Set(receipts).size).toBe(5);

    // A second token for the same person and vote is refused.
    const second = await tabletApis[0]!.items[':id'].tokens.$post({
      param: { id: item.id },
      json: { round: 1, class: 'A', blinded: bytesToHex(blind(new Uint8Array(32), newBallotKey().publicKey).blinded) },
    });
    expect(second.status).toBe(409);
    if (second.status === 409) expect((await second.json()).code).toBe('token_already_issued');

    const progress = await anonymous.items[':id'].progress.$get({ param: { id: item.id } });
    expect(progress.status).toBe(200);
    if (progress.status === 200) {
      const p = await progress.json();
      expect({ cast: p.cast, issued: p.issued, present: p.present, status: p.status, round: p.round }).toEqual({
        cast: 5,
        issued: 5,
        present: 5,
        status: 'open',
        round: 1,
      });
    }

    const closed = await api.items[':id'].close.$post({ param: { id: item.id } });
    expect(closed.status).toBe(200);

    // Before the announcement only officers read the result (R12).
    const hidden = await anonymous.items[':id'].result.$get({ param: { id: item.id } });
    expect(hidden.status).toBe(401);
    const early = await api.items[':id'].result.$get({ param: { id: item.id } });
    expect(early.status).toBe(200);
    if (early.status === 200) expect((await early.json()).announced).toBe(false);

    const announced = await api.items[':id'].announce.$post({ param: { id: item.id } });
    expect(announced.status).toBe(200);

    const result = await anonymous.items[':id'].result.$get({ param: { id: item.id } });
    expect(result.status).toBe(200);
    if (result.status === 200) {
      const body = await result.json();
      expect(body.announced).toBe(true);
      const A = body.A as unknown as ClassTally;
      expect(A.cast).toBe(5);
      expect(A.nominees).toEqual([expect.objectContaining({ id: nominee, approve: 3, disapprove: 1, abstain: 1, approved: true })]);
    }

    const meetingClosed = await api.meetings[':id'].close.$post({ param: { id: m.meetingId } });
    expect(meetingClosed.status).toBe(200);
    if (meetingClosed.status === 200) expect(typeof (await meetingClosed.json()).tallyHash).toBe('string');
  });

  it('postpones an item with a typed body, and knows the event stream’s path', async () => {
    t = makeTestApp();
    const m = await seedMeeting(t, { members: 5, items: [{ nominees: 1 }, { nominees: 1 }] });
    await createOfficer(t.deps, { username: 'presiding', role: 'presiding' });
    const api = await officerClient(t.app, 'presiding');
    expect((await api.meetings[':id'].open.$post({ param: { id: m.meetingId } })).status).toBe(200);

    const postponed = await api.items[':id'].postpone.$post({ param: { id: m.items[1]!.id }, json: { reason: '需进一步考察' } });
    expect(postponed.status).toBe(200);
    const invalid = await api.items[':id'].postpone.$post({ param: { id: m.items[0]!.id }, json: { reason: '' } });
    expect(invalid.status).toBe(400);

    expect(api.meetings[':id'].events.$url({ param: { id: m.meetingId } }).pathname).toBe(`/api/meetings/${m.meetingId}/events`);
  });

  it('types the live request bodies (checked by tsc: a wrong body does not compile)', () => {
    const api = createClient(BASE, (async () => new Response('{}')) as unknown as typeof fetch);
    const calls = [
      () =>
        // @ts-expect-error 'blinded' is required in a token request
        api.items[':id'].tokens.$post({ param: { id: 'itm' }, json: { round: 1, class: 'A' } }),
      () =>
        // @ts-expect-error class is 'A' or 'B'
        api.items[':id'].tokens.$post({ param: { id: 'itm' }, json: { round: 1, class: 'C', blinded: '00' } }),
      () =>
        // @ts-expect-error a postponement needs its reason
        api.items[':id'].postpone.$post({ param: { id: 'itm' }, json: {} }),
      () =>
        // @ts-expect-error opening an item needs the item's id
        api.items[':id'].open.$post({}),
      () =>
        // @ts-expect-error a ballot is a JSON object, not a string
        api.ballots.$post({ json: 'ballot' }),
      // @ts-expect-error there is no such live route
      () => api.items[':id'].vote.$post({ param: { id: 'itm' } }),
    ];
    expect(calls).toHaveLength(6);
  });
});
