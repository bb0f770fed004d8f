import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { requireTablet } from '../../auth/guards';
import { castBallot } from '../../domain/live/cast-ballot';
import { issueToken } from '../../domain/live/issue-token';
import { AppError } from '../../errors';
import type { AppEnv } from '../../http/env';
import { validationHook } from '../../http/validation';
import { Any, ItemParam, json, jsonBody, liveProblems, problem, tabletAuth } from './common';

const TokenBody = z
  .object({
    round: z.number().int().min(1),
    class: z.enum(['A', 'B']),
    purpose: z.enum(['vote', 'motion']).default('vote'),
    blinded: z.string().regex(/^[0-9a-f]{96}$/, 'must be 96 lowercase hex digits (a compressed G1 point)'),
  })
  .strict();

const tokenRoute = createRoute({
  method: 'post',
  path: '/items/{id}/tokens',
  tags: ['live'],
  summary: 'A blind signature on the tablet’s blinded token (one per person per vote)',
  security: tabletAuth,
  middleware: [requireTablet()] as const,
  request: { params: ItemParam, body: jsonBody(TokenBody) },
  responses: {
    200: json(
      z.object({
        blindSignature: z.string(),
        keyId: z.string(),
        publicKey: z.string(),
        // Co-issued meetings (docs/coissuance.md): the shares and the co-issuer's partial.
        status: z.literal('issued').optional(),
        shares: z.object({ service: z.string(), commission: z.string() }).optional(),
        coissuer: z.object({ partial: z.string(), sig: z.string(), verifierKey: z.string() }).optional(),
      }),
      'Blind signature (co-issued: both partials)',
    ),
    202: json(
      z.object({ status: z.literal('waiting'), reason: z.enum(['coissuer_offline', 'awaiting_coissuer']), retryAfterS: z.number() }),
      "Waiting for the commission's co-issuer: send the same request again after Retry-After",
    ),
    ...liveProblems,
  },
});

const ballotRoute = createRoute({
  method: 'post',
  path: '/ballots',
  tags: ['live'],
  summary: 'Cast a signed ballot — with no credential, no cookie',
  request: { body: jsonBody(Any) },
  responses: {
    201: json(z.object({ receipt: z.string() }), 'Stored; the receipt is the ballot’s leaf hash'),
    200: json(z.object({ receipt: z.string() }), 'Already stored (an identical resend)'),
    ...liveProblems,
    429: problem(
      'rate_limited, with retryAfter (seconds) and Retry-After: (Node server) this address has 2 ballots being checked and 64 waiting, or had 3 ballots refused as invalid in this vote (refused until it closes); src/http/cast-gate.ts',
    ),
  },
});

export function voteLiveRoutes() {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(tokenRoute, async (c) => {
      const tablet = c.get('tablet')!;
      const body = c.req.valid('json');
      const answer = await issueToken(c.get('deps'), tablet, { itemId: c.req.valid('param').id, ...body });
      if ('status' in answer && answer.status === 'waiting') {
        c.header('retry-after', String(answer.retryAfterS));
        return c.json(answer, 202);
      }
      return c.json(answer as Exclude<typeof answer, { status: 'waiting' }>, 200);
    })
    .openapi(ballotRoute, async (c) => {
      // A ballot must carry nothing that names its sender: a tablet bug that sends its bearer
      // token or a cookie with it is refused, not silently linked (R7).
      if (c.req.header('authorization') !== undefined || c.req.header('cookie') !== undefined) {
        throw new AppError('bad_request', 'Send ballots with no Authorization header and no cookie');
      }
      // Per-source limits (src/http/cast-gate.ts) were applied before the body was read.
      const { receipt, created } = await castBallot(c.get('deps'), c.req.valid('json'));
      return c.json({ receipt }, created ? 201 : 200);
    });
}
