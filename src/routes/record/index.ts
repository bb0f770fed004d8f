import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { requireOfficer } from '../../auth/guards';
import { buildRecord } from '../../domain/record/build-record';
import { checkpointConsistency } from '../../domain/record/consistency-proof';
import { fileCosignature } from '../../domain/record/file-cosignature';
import { filingStatus } from '../../domain/record/filing-status';
import { receiptConsistency } from '../../domain/record/log-proofs';
import { receiptProof } from '../../domain/record/receipt-proof';
import { registerDepartmentKey } from '../../domain/record/register-department-key';
import { loadDepartmentKeys } from '../../domain/record/load';
import { FILING_DEPARTMENTS, type FilingDepartment } from '../../db/schema';
import { AppError } from '../../errors';
import type { AppEnv } from '../../http/env';
import { validationHook } from '../../http/validation';

const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });
const jsonBody = <T extends z.ZodType>(schema: T) => ({ required: true, content: { 'application/json': { schema } } });
const Problem = z.object({ type: z.string(), title: z.string(), status: z.number(), detail: z.string().optional() });
const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: Problem } } });
const problems = {
  400: problem('Malformed request'),
  401: problem('Sign-in required'),
  403: problem('Not allowed'),
  404: problem('Not found'),
  409: problem('Conflicts with the state of the meeting'),
  422: problem('The cosignature does not verify'),
};
const cookieAuth = [{ sessionCookie: [] }];
const Any = z.record(z.string(), z.unknown());
const MeetingParam = z.object({ id: z.string().min(1).max(64) });
const Department = z.enum(FILING_DEPARTMENTS);
// A signed-note verifier key or cosignature line: printable ASCII and the em dash, one line.
const NoteLine = z.string().min(1).max(512).regex(/^[\x20-\x7e—]+$/, 'one line of a signed note');

/** Who reads the record (design.md): the inspector and the filer, and the meeting's officers. */
const readers = requireOfficer('inspector', 'filer', 'presiding', 'clerk');
/** R4: the organization department's filer and the discipline commission's inspector. */
const FILER_OF: Record<FilingDepartment, 'filer' | 'inspector'> = { organization: 'filer', discipline: 'inspector' };

const recordRoute = createRoute({
  method: 'get',
  path: '/meetings/{id}/record',
  tags: ['record'],
  summary: 'The meeting record (sealvote-record/v1): entries, checkpoints, cosignatures, keys',
  security: cookieAuth,
  middleware: [readers] as const,
  request: { params: MeetingParam, query: z.object({ download: z.enum(['1']).optional() }) },
  responses: { 200: json(Any, 'The record'), ...problems },
});
const filingRoute = createRoute({
  method: 'get',
  path: '/meetings/{id}/filing',
  tags: ['record'],
  summary: 'Whether the meeting is filed: both departments cosigned (R4)',
  security: cookieAuth,
  middleware: [readers] as const,
  request: { params: MeetingParam },
  responses: { 200: json(Any, 'Filing status'), ...problems },
});
const consistencyRoute = createRoute({
  method: 'get',
  path: '/meetings/{id}/consistency',
  tags: ['record'],
  summary: 'RFC 9162 consistency proof between two signed checkpoints of the meeting',
  security: cookieAuth,
  middleware: [readers] as const,
  request: {
    params: MeetingParam,
    query: z.object({ from: z.coerce.number().int().min(1), to: z.coerce.number().int().min(1) }).strict(),
  },
  responses: { 200: json(Any, 'Consistency proof'), ...problems },
});
const receiptRoute = createRoute({
  method: 'get',
  path: '/receipts/{leafHash}',
  tags: ['record'],
  summary: "A ballot's inclusion proof against the latest checkpoint (no credential)",
  description: 'With `from` (the size of a checkpoint the caller saw signed), also an RFC 9162 consistency proof from it to the checkpoint the inclusion is proven against (docs/tablet-checks.md).',
  request: {
    params: z.object({ leafHash: z.string().regex(/^[0-9a-fA-F]{64}$/, '64 hex digits') }),
    query: z.object({ from: z.coerce.number().int().min(1).max(2 ** 31).optional() }).strict(),
  },
  responses: { 200: json(Any, 'Inclusion proof'), ...problems },
});
const departmentsRoute = createRoute({
  method: 'get',
  path: '/departments',
  tags: ['record'],
  summary: "The departments' registered cosigner verifier keys",
  security: cookieAuth,
  middleware: [requireOfficer('admin', 'inspector', 'filer')] as const,
  responses: { 200: json(Any, 'Keys'), ...problems },
});
const registerKeyRoute = createRoute({
  method: 'put',
  path: '/departments/{department}/key',
  tags: ['record'],
  summary: "Register a department's cosigner verifier key (admin)",
  security: cookieAuth,
  middleware: [requireOfficer('admin')] as const,
  request: { params: z.object({ department: Department }), body: jsonBody(z.object({ verifierKey: NoteLine }).strict()) },
  responses: { 200: json(Any, 'Registered'), ...problems },
});
const cosignRoute = createRoute({
  method: 'post',
  path: '/meetings/{id}/cosignatures',
  tags: ['record'],
  summary: "File a department's cosignature of the final checkpoint",
  security: cookieAuth,
  middleware: [requireOfficer('filer', 'inspector')] as const,
  request: { params: MeetingParam, body: jsonBody(z.object({ department: Department, line: NoteLine }).strict()) },
  responses: { 201: json(Any, 'Filed'), ...problems },
});

/** The record, receipts, consistency proofs and the two filings (issue 6). */
export function recordRoutes() {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(recordRoute, async (c) => {
      const id = c.req.valid('param').id;
      const record = await buildRecord(c.get('deps'), id);
      if (c.req.valid('query').download) c.header('content-disposition', `attachment; filename="sealvote-record-${id}.json"`);
      return c.json(record, 200);
    })
    .openapi(filingRoute, async (c) => c.json(await filingStatus(c.get('deps').db, c.req.valid('param').id), 200))
    .openapi(consistencyRoute, async (c) => {
      const { from, to } = c.req.valid('query');
      return c.json(await checkpointConsistency(c.get('deps').db, c.req.valid('param').id, from, to), 200);
    })
    .openapi(receiptRoute, async (c) => {
      const db = c.get('deps').db;
      const proof = await receiptProof(db, c.req.valid('param').leafHash);
      const { from } = c.req.valid('query');
      return c.json(from === undefined ? proof : { ...proof, consistency: await receiptConsistency(db, proof.meeting, from, proof.treeSize) }, 200);
    })
    .openapi(departmentsRoute, async (c) => {
      const rows = await loadDepartmentKeys(c.get('deps').db);
      return c.json({ departments: rows.map((r) => ({ department: r.department, verifierKey: r.verifierKey, registeredAt: r.registeredAt })) }, 200);
    })
    .openapi(registerKeyRoute, async (c) =>
      c.json(
        await registerDepartmentKey(c.get('deps'), {
          department: c.req.valid('param').department,
          verifierKey: c.req.valid('json').verifierKey,
          officerId: c.get('officer')!.id,
        }),
        200,
      ),
    )
    .openapi(cosignRoute, async (c) => {
      const { department, line } = c.req.valid('json');
      // R4: each department files its own cosignature, through its own officer.
      if (c.get('officer')!.role !== FILER_OF[department]) {
        throw new AppError('forbidden', `Only the ${FILER_OF[department]} files the ${department} cosignature`);
      }
      const status = await fileCosignature(c.get('deps'), { meetingId: c.req.valid('param').id, department, line, officerId: c.get('officer')!.id });
      return c.json(status, 201);
    });
}
