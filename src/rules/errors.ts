/**
 * Thrown when the rules engine is asked about input that cannot describe a real vote.
 * The engine never answers inconsistent input: a wrong answer about a vote is worse than none.
 */
export class RuleInputError extends Error {
  /** The input field at fault, e.g. 'present' or 'nominees[2].approve'. */
  readonly field: string;

  constructor(field: string, problem: string) {
    super(`${field}: ${problem}`);
    this.name = 'RuleInputError';
    this.field = field;
  }
}
