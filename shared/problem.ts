/** Why a message was rejected, as a stable machine-readable code. */
export type ProblemCode =
  | 'empty'
  | 'too_large'
  | 'not_utf8'
  | 'not_json'
  | 'not_object'
  | 'wrong_type'
  | 'too_long'
  | 'invalid_uuid'
  | 'no_identity'
  | 'write_failed';

/** One thing wrong with one message, readable by a person: `postal_code: expected string or number, got object`. */
export interface Problem {
  /** The JSON key at fault, or `value` for the message as a whole. */
  field: string;
  code: ProblemCode;
  message: string;
}

/** Renders a problem the way the UI and logs show it: `field: message`. */
export function formatProblem(problem: Problem): string {
  return `${problem.field}: ${problem.message}`;
}
