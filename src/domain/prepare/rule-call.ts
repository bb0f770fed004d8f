import { RuleInputError } from '../../rules';
import { AppError } from '../../errors';

/** Runs a rules-engine call, turning its input errors into a 400 that names the field. */
export function ruleCall<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof RuleInputError) throw new AppError('validation_failed', err.message, { errors: [{ path: [err.field], message: err.message }] });
    throw err;
  }
}
