import type { Hook } from '@hono/zod-openapi';
import { AppError } from '../errors';

/**
 * zod failures become one problem type with every issue listed (path and message), so a clerk's
 * form can point at the wrong field. Used as OpenAPIHono's defaultHook everywhere.
 */
export const validationHook: Hook<unknown, any, any, unknown> = (result) => {
  if (!result.success) {
    const issues = (result.error as { issues: Array<{ path: PropertyKey[]; message: string; code?: string }> }).issues;
    throw new AppError('validation_failed', issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; '), {
      errors: issues.map((i) => ({ path: i.path.map(String), message: i.message })),
    });
  }
};
