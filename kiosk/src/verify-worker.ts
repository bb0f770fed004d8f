/**
 * The inspector's verifier, in a dedicated Web Worker so a long run (pairings for every token)
 * never freezes the page. It runs the very same verifyRecord as `sealvote verify` (design.md:
 * "the same code in the inspector's page") and posts progress, then the report.
 *
 * Protocol (one request at a time; `id` ties answers to their request):
 *   page → worker  { type: 'verify', id, text, trusted?, cited? }
 *   worker → page  { type: 'progress', id, phase, fraction } …
 *                  then { type: 'report', id, report } | { type: 'unusable', id, message } | { type: 'error', id, message }
 */
import { RecordFormatError, parseRecordText, verifyRecord, type TrustedKeys, type VerifyReport } from '../../src/verifier';

export interface VerifyRequest {
  type: 'verify';
  id: number;
  /** The record file's text, exactly as read or downloaded: the worker trusts nothing from the page. */
  text: string;
  trusted?: TrustedKeys;
  /** The texts of the standing committee records a full committee's record cites (check citations). */
  cited?: string[];
}

export type VerifyResponse =
  | { type: 'progress'; id: number; phase: string; fraction: number }
  | { type: 'report'; id: number; report: VerifyReport }
  /** Not a sealvote-record/v1 file at all (the CLI's exit 2). */
  | { type: 'unusable'; id: number; message: string }
  | { type: 'error'; id: number; message: string };

function isRequest(m: unknown): m is VerifyRequest {
  if (typeof m !== 'object' || m === null) return false;
  const r = m as Record<string, unknown>;
  return r.type === 'verify' && typeof r.id === 'number' && typeof r.text === 'string' && (r.trusted === undefined || (typeof r.trusted === 'object' && r.trusted !== null));
}

/** Answers one message; every outcome, a thrown one included, becomes a posted answer. */
export function handleVerifyRequest(message: unknown, post: (answer: VerifyResponse) => void): void {
  if (!isRequest(message)) {
    const id = typeof (message as { id?: unknown } | null)?.id === 'number' ? (message as { id: number }).id : -1;
    post({ type: 'error', id, message: 'not a verify request' });
    return;
  }
  const { id } = message;
  try {
    const record = parseRecordText(message.text);
    const report = verifyRecord(record, {
      onProgress: (p) => post({ type: 'progress', id, phase: p.phase, fraction: p.fraction }),
      ...(message.trusted ? { trusted: message.trusted } : {}),
      // An unreadable cited text is passed on as is: it then supports no citation.
      cited: (Array.isArray(message.cited) ? message.cited : []).map((c) => {
        try {
          return parseRecordText(String(c));
        } catch {
          return c;
        }
      }),
    });
    post({ type: 'report', id, report });
  } catch (e) {
    if (e instanceof RecordFormatError) post({ type: 'unusable', id, message: e.message });
    else post({ type: 'error', id, message: e instanceof Error ? e.message : String(e) });
  }
}

// Only inside a worker: the tests import handleVerifyRequest under Node, where there is no worker scope.
declare const WorkerGlobalScope: unknown;
if (typeof WorkerGlobalScope !== 'undefined' && typeof self !== 'undefined') {
  const scope = self as unknown as { onmessage: ((ev: MessageEvent) => void) | null; postMessage(m: VerifyResponse): void };
  scope.onmessage = (ev) => handleVerifyRequest(ev.data, (answer) => scope.postMessage(answer));
}
