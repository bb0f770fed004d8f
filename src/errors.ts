/**
 * Every refusal sealvote can give, in one table. Domain verbs throw `AppError` with a code;
 * the one `onError` in app.ts turns it into RFC 9457 problem+json using this table, so a code
 * always maps to the same status and `type` URI wherever it is raised.
 */
export const PROBLEMS = {
  // Malformed requests (RFC 9110 §15.5)
  malformed_json: { status: 400, title: 'Request body is not valid JSON' },
  validation_failed: { status: 400, title: 'Request does not match the schema' },
  bad_request: { status: 400, title: 'Bad request' },
  unauthenticated: { status: 401, title: 'Sign-in required' },
  forbidden: { status: 403, title: 'Not allowed for this role' },
  csrf_failed: { status: 403, title: 'Missing or invalid CSRF token' },
  not_found: { status: 404, title: 'Not found' },
  method_not_allowed: { status: 405, title: 'Method not allowed' },
  conflict: { status: 409, title: 'Conflicts with the current state' },
  meeting_locked: { status: 409, title: 'The meeting is open or closed and can no longer be changed' },
  already_exists: { status: 409, title: 'Already exists' },
  in_use: { status: 409, title: 'Still used by a meeting, an item or a bar; change those first' },
  duplicate_nominee: { status: 409, title: 'This person is already a nominee of the committee (R15)' },
  duplicate_person: { status: 409, title: 'This person is already on the committee\'s roster (R15)' },
  payload_too_large: { status: 413, title: 'Request body too large' },
  unsupported_media_type: { status: 415, title: 'Content-Type must be application/json' },
  // Rule refusals (rules.md): the request is well-formed but the committee's rules forbid it.
  rule_violation: { status: 422, title: 'Refused by the voting rules' },
  nominee_limit: { status: 422, title: 'At most 30 nominees a meeting (R5)' },
  nominee_barred: { status: 422, title: 'Nominee barred for this post (R3)' },
  competitive_ratio: { status: 422, title: 'Too few nominees for the seats (R8)' },
  secretary_not_last: { status: 422, title: 'The secretary states a view after the others (R11)' },
  quorum_not_met: { status: 422, title: 'Fewer than two-thirds of those due are present (R1)' },
  meeting_not_today: { status: 422, title: 'A meeting opens only on its own date (R14)' },
  follow_up_invalid: { status: 422, title: 'This item cannot take up that postponed item (R9)' },
  nomination_not_decided: { status: 422, title: "Not a standing committee's decided nomination to this full committee (R13)" },
  dossier_declaration_missing: { status: 422, title: "A personal recommendation needs the recommender's declaration (002 五 一 2)" },
  dossier_invalid: { status: 422, title: 'The dossier is incomplete or inconsistent' },
  consultation_window_invalid: { status: 422, title: 'A written consultation closes on or after its date, within 30 days' },
  consultation_too_few_asked: { status: 422, title: 'Fewer than two-thirds of those due can be asked (R1): more than a third are excused' },
  consultation_no_reconsideration: { status: 422, title: 'A written consultation has no reconsideration motion (R10); put the item on a later meeting' },
  meeting_date_passed: { status: 422, title: 'The meeting date has passed; a meeting opens only on its own date (R14)' },
  rate_limited: { status: 429, title: 'Too many attempts' },
  internal: { status: 500, title: 'Internal error' },
  storage_unavailable: { status: 503, title: 'Storage unavailable; nothing was recorded' },
  // Accounts, sessions and sign-in slips (issue 4).
  login_failed: { status: 401, title: 'Wrong username or password' },
  slip_invalid: { status: 401, title: 'No such sign-in code for this meeting' },
  slip_used: { status: 409, title: 'This sign-in code has already been used' },
  attendee_excused: { status: 403, title: 'Excused from this meeting; cannot sign in' },
  // The live vote (part 2)
  ballot_conflict: { status: 409, title: 'A different ballot was already cast with this token' },
  vote_not_open: { status: 409, title: 'This vote is not open' },
  token_already_issued: { status: 409, title: 'A token was already issued to this person for this vote' },
  not_present: { status: 403, title: 'Not present when this vote was opened' },
  invalid_ballot: { status: 400, title: 'The ballot does not verify' },
  vote_in_progress: { status: 409, title: 'Another vote of this meeting is open' },
  consultation_window_closed: { status: 409, title: "The consultation's window has ended" },
  consultation_open: { status: 409, title: 'The consultation is still open: someone asked has not answered and its window has not ended' },
  results_unannounced: { status: 409, title: 'A closed vote has not been announced yet (R12)' },
  // The record and the two filings (issue 6)
  cosignature_invalid: { status: 422, title: "The cosignature does not verify under the department's registered key" },
  department_key_missing: { status: 409, title: 'No verifier key is registered for this department' },
  // Co-issuance with the discipline commission (issue 18, docs/coissuance.md)
  coissuance_not_used: { status: 409, title: "This committee's meetings are issued by the service alone" },
  coissuer_not_registered: { status: 409, title: 'No co-issuer key is registered for this meeting' },
  coissuer_key_missing: { status: 409, title: "The commission's co-issuer has not accepted this vote's key yet" },
  coissuer_refused: { status: 403, title: "The commission's co-issuer refused this token" },
  coissuer_roll_missing: { status: 409, title: "The commission's co-issuer has not signed the roll of every closed vote" },
  coissuer_signature_invalid: { status: 422, title: "The co-issuer's signature does not verify under its registered key" },
} as const satisfies Record<string, { status: number; title: string }>;

export type ErrorCode = keyof typeof PROBLEMS;

export class AppError extends Error {
  override readonly name = 'AppError';
  constructor(
    readonly code: ErrorCode,
    readonly detail?: string,
    /** Extension members of the problem object (RFC 9457 §3.2), e.g. the barring vote. */
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(detail ?? PROBLEMS[code].title);
  }
}

export const problemType = (code: ErrorCode): string => `urn:sealvote:problem:${code}`;
