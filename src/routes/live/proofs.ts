import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { checkpointFrom, keyProofs } from '../../domain/record/log-proofs';
import type { AppEnv } from '../../http/env';
import { validationHook } from '../../http/validation';
import { ItemParam, MeetingParam, json, liveProblems } from './common';

/** A size of a checkpoint the caller saw signed: the answer proves the new one extends it. */
const From = z.object({ from: z.coerce.number().int().min(1).max(2 ** 31).optional() }).strict();

const Consistency = z.object({ from: z.number(), proof: z.array(z.string()) }).nullable();
const Checkpoint = z.object({ size: z.number(), note: z.string() }).nullable();
const CheckpointAnswer = z.object({ meeting: z.string(), key: z.string(), checkpoint: Checkpoint, consistency: Consistency });

const checkpointRoute = createRoute({
  method: 'get',
  path: '/meetings/{id}/checkpoint',
  tags: ['live'],
  summary: "The meeting's latest signed checkpoint, with an RFC 9162 consistency proof from a size seen before (no credential)",
  description:
    'Tablets follow the log with it (docs/tablet-checks.md): `key` is the service checkpoint key they pin at sign-in; ' +
    '`consistency` proves the checkpoint extends the one of size `from`, and is null without `from` or when `from` exceeds its size.',
  request: { params: MeetingParam, query: From },
  responses: { 200: json(CheckpointAnswer, 'Checkpoint'), ...liveProblems },
});

const keyProofRoute = createRoute({
  method: 'get',
  path: '/items/{id}/key-proof',
  tags: ['live'],
  summary: "The current vote's issuer key entries with inclusion proofs against the latest signed checkpoint (no credential)",
  description:
    'A tablet asks for its token only after it has checked its class key here (docs/tablet-checks.md). `keys` is empty until a signed checkpoint covers the opening.',
  request: { params: ItemParam, query: From },
  responses: {
    200: json(
      CheckpointAnswer.extend({
        item: z.string(),
        round: z.number(),
        purpose: z.enum(['vote', 'motion']),
        keys: z.array(z.object({ class: z.enum(['A', 'B']), index: z.number(), entry: z.string(), proof: z.array(z.string()) })),
        coissuer: z.object({ verifierKey: z.string() }).nullable(),
      }),
      'Key entries and proofs',
    ),
    ...liveProblems,
  },
});

/** Proofs for the tablet's own checks of the log (issue 16). */
export function proofRoutes() {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(checkpointRoute, async (c) => c.json(await checkpointFrom(c.get('deps'), c.req.valid('param').id, c.req.valid('query').from), 200))
    .openapi(keyProofRoute, async (c) => c.json(await keyProofs(c.get('deps'), c.req.valid('param').id, c.req.valid('query').from), 200));
}
