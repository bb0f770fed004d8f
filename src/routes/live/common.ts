import { z } from '@hono/zod-openapi';

export const ItemParam = z.object({ id: z.string().min(1).max(64) });
export const MeetingParam = z.object({ id: z.string().min(1).max(64) });

const Problem = z.object({ type: z.string(), title: z.string(), status: z.number(), code: z.string(), detail: z.string().optional() });

export const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });
export const jsonBody = <T extends z.ZodType>(schema: T) => ({ required: true, content: { 'application/json': { schema } } });
export const Any = z.record(z.string(), z.unknown());
export const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: Problem } } });
export const liveProblems = {
  400: problem('Malformed request'),
  401: problem('Sign-in required'),
  403: problem('Not allowed'),
  404: problem('No such meeting or item'),
  409: problem('Conflicts with the state of the vote'),
  422: problem('Refused by the voting rules'),
};
export const cookieAuth = [{ sessionCookie: [] }];
export const tabletAuth = [{ tabletBearer: [] }];
