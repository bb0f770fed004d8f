/**
 * Generated requests for every operation in the OpenAPI document (so a new endpoint is fuzzed
 * without anyone adding it here), with every kind of caller, real and junk ids, and bodies from
 * arbitrary JSON to schema-shaped objects with wrong values. Two properties, bounded runs:
 * never a 5xx, and a refused request (4xx) never writes anything.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newBallotKey, type SignedBallot } from '../../crypto/ballot';
import { bytesToHex, hexToBytes } from '../../crypto/bytes';
import { blind } from '../../crypto/token';
import { TabletClient } from '../support/tablet';
import { openItem, openRoom, reply, snapshot, type Room } from './fixture';
import { officerAgent, type OfficerAgent } from '../support/officers';

const RUNS = Number(process.env.SEALVOTE_FUZZ_RUNS ?? 40);

interface Operation {
  method: string;
  path: string;
  /** Top-level property names of the JSON body schema, if it has one. */
  fields: string[];
  hasBody: boolean;
}

let room: Room;
let operations: Operation[];
let agents: Record<string, OfficerAgent>;
let ballot: SignedBallot;

// Operations that end sessions or votes go last, so the others meet a live meeting.
const LAST = ['/api/items/{id}/close', '/api/items/{id}/postpone', '/api/meetings/{id}/attendees/{personId}/left', '/api/tablet/sign-out', '/api/meetings/{id}/close', '/api/auth/logout'];
const rank = (op: Operation) => LAST.indexOf(op.path);

beforeAll(async () => {
  room = await openRoom({ members: 6, observers: 2, items: [{ nominees: 1 }, { nominees: 2, seats: 1 }] });
  await openItem(room, room.m.items[0]!.id);
  agents = {
    clerk: room.m.clerk,
    presiding: room.presiding,
    admin: await officerAgent(room.t, 'admin'),
    inspector: await officerAgent(room.t, 'inspector'),
    filer: await officerAgent(room.t, 'filer'),
  };
  const token = await room.members[5]!.requestToken(room.m.items[0]!.id);
  ballot = TabletClient.ballot(token, { [room.m.items[0]!.nomineeIds[0]!]: 'approve' });
  const keys = await room.members[4]!.keys(room.m.items[0]!.id);
  blinded = bytesToHex(blind(hexToBytes(keys.keys[0]!.keyId, 32), newBallotKey().publicKey).blinded);

  const doc = (await (await room.t.app.request('/api/openapi.json')).json()) as {
    paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: { $ref?: string; properties?: object } }> } }>>;
    components?: { schemas?: Record<string, { properties?: object }> };
  };
  operations = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      let schema = op.requestBody?.content?.['application/json']?.schema;
      if (schema?.$ref) schema = doc.components?.schemas?.[schema.$ref.split('/').pop()!];
      operations.push({ method: method.toUpperCase(), path: `/api${path.replace(/^\/api/, '')}`, fields: Object.keys(schema?.properties ?? {}), hasBody: op.requestBody !== undefined });
    }
  }
  operations.sort((a, b) => rank(a) - rank(b));
});
afterAll(() => room?.t.close());

const junk = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom('', "' OR 1=1 --", '../../etc/passwd', '%00', '\u202e', 'null', '0'.repeat(64), 'mtg_' + '0'.repeat(20)),
);
const value = () =>
  fc.oneof(
    fc.jsonValue({ maxDepth: 2 }),
    junk,
    fc.integer(),
    fc.double(),
    fc.constantFrom(null, true, -1, 0, 1, 2 ** 53, 'A', 'B', 'vote', 'motion', 'majority', 'two-thirds', 'member', 'observer', 'organization', 'discipline', 'admin', 'clerk'),
    fc.constantFrom(...['ab'.repeat(48), 'AB'.repeat(48), 'ab'.repeat(32), 'c0' + '00'.repeat(47), '2026-02-30', '2026-03-02', '1980-05-17']),
  );

function idFor(name: string): fc.Arbitrary<string> {
  const m = room.m;
  const real: Record<string, string[]> = {
    id: [m.meetingId, m.committeeId, ...m.items.map((i) => i.id), m.members[0]!.personId],
    personId: [...m.members, ...m.observers].map((p) => p.personId),
    leafHash: ['ab'.repeat(32)],
    department: ['organization', 'discipline'],
  };
  return fc.oneof(fc.constantFrom(...(real[name] ?? ['x'])), junk.filter((s) => s.length > 0));
}

/**
 * A valid body for the operations that take one, so that one-field mutations of it reach the
 * domain code and its writes, not only the schema check.
 */
function validBody(op: Operation): Record<string, unknown> | null {
  const m = room.m;
  const bodies: Record<string, Record<string, unknown>> = {
    'POST /api/committees': { name: '某县委常委会' },
    'POST /api/committees/{id}/persons': { kind: 'member', name: '钱七', unit: '县委', title: '常委' },
    'POST /api/committees/{id}/posts': { unit: '县统计局', title: '局长' },
    'POST /api/committees/{id}/nominees': { name: '孙八', birthDate: '1979-01-02', currentPost: '副局长', resume: '简历' },
    'POST /api/meetings': { committeeId: m.committeeId, date: '2026-04-01', title: '第 13 次会议' },
    'POST /api/meetings/{id}/items': { title: '议题', postId: m.items[0]!.postId, nomineeIds: m.items[0]!.nomineeIds },
    'POST /api/meetings/{id}/excusals': { personId: m.members[0]!.personId, reason: '病假' },
    'POST /api/items/{id}/postpone': { reason: '意见分歧较大' },
    'POST /api/items/{id}/tokens': { round: 1, class: 'A', blinded: blinded },
    'POST /api/ballots': { ...ballot },
  };
  return bodies[`${op.method} ${op.path}`] ?? null;
}
let blinded: string;

function request(op: Operation) {
  const params = [...op.path.matchAll(/\{(\w+)\}/g)].map((x) => x[1]!);
  const fieldsBody = op.fields.length
    ? fc.dictionary(fc.constantFrom(...op.fields, 'extra'), value(), { maxKeys: op.fields.length + 1 }).map((o) => JSON.stringify(o))
    : fc.constant('{}');
  const valid = validBody(op);
  const mutated = fc
    .tuple(fc.constantFrom(...Object.keys(valid ?? { x: 0 }), 'extra'), fc.option(value(), { freq: 4 }))
    .map(([k, v]) => {
      const copy: Record<string, unknown> = { ...valid };
      if (v === null) delete copy[k];
      else copy[k] = v;
      return JSON.stringify(copy);
    });
  const body = fc.oneof(
    { weight: valid ? 4 : 0, arbitrary: mutated },
    { weight: 3, arbitrary: fieldsBody },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)) },
    { weight: 1, arbitrary: fc.string({ maxLength: 60 }) },
  );
  return fc.record({
    params: fc.tuple(...params.map(idFor)) as fc.Arbitrary<string[]>,
    caller: fc.constantFrom('none', 'clerk', 'presiding', 'admin', 'inspector', 'filer', 'member', 'observer'),
    body: op.hasBody || op.method !== 'GET' ? fc.option(body, { freq: 5 }) : fc.constant(null),
    contentType: fc.constantFrom('application/json', 'application/json', 'application/json; charset=utf-8', 'text/plain'),
  });
}

async function send(op: Operation, input: { params: string[]; caller: string; body: string | null; contentType: string }) {
  let i = 0;
  const path = op.path.replace(/\{\w+\}/g, () => encodeURIComponent(input.params[i++]!));
  const headers: Record<string, string> = {};
  const agent = agents[input.caller];
  if (agent) Object.assign(headers, op.method === 'GET' ? { cookie: agent.cookie } : agent.headers());
  if (input.caller === 'member') headers.authorization = `Bearer ${room.members[0]!.bearer}`;
  if (input.caller === 'observer') headers.authorization = `Bearer ${room.observers[0]!.bearer}`;
  if (input.body !== null && op.method !== 'GET') headers['content-type'] = input.contentType;
  const init: RequestInit = { method: op.method, headers };
  if (input.body !== null && op.method !== 'GET') init.body = input.body;
  return reply(await room.t.app.request(path, init));
}

describe('generated requests to every operation', () => {
  it('covers the whole API document', () => {
    expect(operations.length).toBeGreaterThanOrEqual(40);
    expect(operations.map((o) => `${o.method} ${o.path}`)).toContain('POST /api/ballots');
  });

  it('never answer 5xx, and a refusal writes nothing', async () => {
    for (const op of operations) {
      await fc.assert(
        fc.asyncProperty(request(op), async (input) => {
          const before = snapshot(room.t.handle.sqlite);
          const res = await send(op, input);
          expect(res.status, `${op.method} ${op.path} → ${JSON.stringify(res.body)}`).toBeLessThan(500);
          if (res.status >= 400) {
            expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
            expect(snapshot(room.t.handle.sqlite), `${op.method} ${op.path} refused with ${res.status} but wrote`).toBe(before);
          }
        }),
        { numRuns: RUNS },
      );
    }
  }, 180_000);
});

describe('text that is not well-formed NFC (issue 14)', () => {
  // Raw JSON text: "\ud800" is a lone surrogate escape, "e\u0301" is é not in NFC.
  const BAD = [
    ['a lone high surrogate', '"\\ud800"'],
    ['a lone low surrogate after text', '"abc\\udc00"'],
    ['a string not in NFC', '"Cafe\\u0301"'],
  ] as const;

  it('is refused with 400 validation_failed in every string of every body, and nothing is written', async () => {
    let tried = 0;
    for (const op of operations) {
      const valid = validBody(op);
      if (!valid) continue;
      const agent = op.path.startsWith('/api/items/{id}/postpone') ? agents.presiding : agents.clerk;
      const path = op.path.replace('{id}', op.path.startsWith('/api/items') ? room.m.items[1]!.id : op.path.startsWith('/api/meetings') ? room.m.meetingId : room.m.committeeId);
      for (const field of Object.keys(valid).filter((k) => typeof valid[k] === 'string')) {
        for (const [name, raw] of BAD) {
          const text = JSON.stringify({ ...valid, [field]: '\u0000MARK' }).replace('"\\u0000MARK"', raw);
          const before = snapshot(room.t.handle.sqlite);
          const res = await reply(await room.t.app.request(path, { method: op.method, headers: { ...agent!.headers(), 'content-type': 'application/json' }, body: text }));
          expect(res.status, `${op.method} ${op.path} ${field}: ${name} → ${JSON.stringify(res.body)}`).toBe(400);
          expect(res.body.code).toBe('validation_failed');
          expect(res.body.errors[0].path).toEqual([field]);
          expect(snapshot(room.t.handle.sqlite)).toBe(before);
          tried++;
        }
      }
    }
    // Member names too: a ballot's choices keyed by a lone surrogate.
    const text = JSON.stringify(ballot).replace(/"choices":\{"[^"]+"/, '"choices":{"\\ud800"');
    const res = await reply(await room.t.app.request('/api/ballots', { method: 'POST', headers: { 'content-type': 'application/json' }, body: text }));
    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toEqual(['choices', '\ud800']);
    expect(tried).toBeGreaterThan(30);
  });

  it('keeps NFC text as it is: a Chinese name and a precomposed é are accepted', async () => {
    // A session of its own: the generated requests above may have logged the clerk out.
    const clerk = await officerAgent(room.t, 'clerk', 'clerk-nfc');
    const res = await reply(await room.t.app.request('/api/committees', { method: 'POST', headers: { ...clerk.headers(), 'content-type': 'application/json' }, body: JSON.stringify({ name: '某县委常委会 Caf\u00e9' }) }));
    expect(res.status).toBe(201);
    expect(res.body.name).toBe('某县委常委会 Caf\u00e9');
  });
});
