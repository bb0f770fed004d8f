/**
 * A refusal in the page's language: picks the text for the problem's `code` (messages/problems.ts)
 * and fills in the numbers the server sent as extension members (RFC 9457 §3.2). The server's
 * English `title` and `detail` are never shown.
 */
import { ApiError, type Problem } from './api';
import { isMessageKey, t, type MessageKey } from '../i18n';
import { PageError } from './page-error';

type Params = Record<string, string | number>;
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

/** Codes whose `reason` (or `field`) picks a whole sentence `problem.<code>.<reason>`. */
const REASONED = new Set(['conflict', 'already_exists', 'rule_violation']);

/** The detail's parameters for a code, or null when the server did not send them all. */
function detailParams(p: Problem): Params | null {
  switch (p.code) {
    case 'quorum_not_met': {
      const [present, due, needed] = [num(p.present), num(p.due), num(p.needed)];
      return present !== undefined && due !== undefined && needed !== undefined ? { present, due, needed } : null;
    }
    case 'competitive_ratio': {
      const [nominees, seats, required, maximum] = [num(p.nominees), num(p.seats), num(p.required), num(p.maximum)];
      if (nominees === undefined || seats === undefined || required === undefined) return null;
      return maximum === undefined ? { nominees, seats, required } : { nominees, seats, required, maximum };
    }
    case 'secretary_not_last': {
      // R11: the names of those the secretary spoke before, as the server sends them.
      const after = Array.isArray(p.after) ? (p.after as unknown[]).filter((x): x is string => typeof x === 'string' && x !== '') : [];
      return after.length ? { after: after.join('、') } : null;
    }
    case 'nominee_limit': {
      const [count, limit] = [num(p.count), num(p.limit)];
      return count !== undefined && limit !== undefined ? { count, limit } : null;
    }
    case 'nominee_barred': {
      const liftsOn = str(p.liftsOn);
      const voteDate = str((p.barringVote as { voteDate?: unknown } | undefined)?.voteDate);
      return liftsOn && voteDate ? { liftsOn, voteDate } : null;
    }
    case 'consultation_open': {
      const [answered, asked, closesOn] = [num(p.answered), num(p.asked), str(p.closesOn)];
      return answered !== undefined && asked !== undefined && closesOn ? { answered, asked, closesOn } : null;
    }
    case 'consultation_too_few_asked': {
      const [asked, due, needed] = [num(p.asked), num(p.due), num(p.needed)];
      return asked !== undefined && due !== undefined && needed !== undefined ? { asked, due, needed } : null;
    }
    case 'consultation_window_closed': {
      const closesOn = str(p.closesOn);
      return closesOn ? { closesOn } : null;
    }
    case 'consultation_window_invalid': {
      const [date, closesOn, maxDays] = [str(p.date), str(p.closesOn), num(p.maxDays)];
      return date && closesOn && maxDays !== undefined ? { date, closesOn, maxDays } : null;
    }
    case 'meeting_not_today':
    case 'meeting_date_passed': {
      const [date, today] = [str(p.date), str(p.today)];
      return date && today ? { date, today } : null;
    }
    case 'rate_limited': {
      const seconds = num(p.retryAfter);
      return seconds !== undefined ? { minutes: Math.max(1, Math.ceil(seconds / 60)) } : null;
    }
    case 'follow_up_invalid': {
      const reason = str(p.reason);
      const key = `problem.follow_up_invalid.${reason}`;
      return reason && isMessageKey(key) ? { why: t(key as MessageKey) } : null;
    }
    case 'nomination_not_decided':
    case 'dossier_invalid': {
      const reason = str(p.reason);
      const key = `problem.${p.code}.${reason}`;
      return reason && isMessageKey(key) ? { why: t(key as MessageKey) } : null;
    }
    case 'results_unannounced': {
      const items = Array.isArray(p.items) ? p.items.map((i) => str((i as { title?: unknown }).title)).filter(Boolean) : [];
      return items.length ? { titles: items.join('、') } : null;
    }
    case 'coissuer_refused': {
      const reason = str(p.reason);
      if (!reason) return null;
      const key = `coissuer.refusal.${reason}`;
      return { reason: isMessageKey(key) ? t(key) : reason };
    }
    case 'department_key_missing': {
      const d = str(p.department);
      return d === 'organization' || d === 'discipline' ? { department: t(`department.${d}`) } : null;
    }
    case 'duplicate_nominee':
    case 'duplicate_person': {
      const existing = Array.isArray(p.existing) ? (p.existing as Array<Record<string, unknown>>) : [];
      const names = existing.map((r) => [str(r.name), str(r.birthDate) ?? str(r.unit), str(r.currentPost) ?? str(r.title)].filter(Boolean).join(' '));
      return names.length ? { names: names.join(t('list.separator')) } : null;
    }
    case 'in_use': {
      const parts = (['sealedMeetings', 'sealedItems', 'draftItems', 'bars'] as const)
        .filter((k) => (num(p[k]) ?? 0) > 0)
        .map((k) => t(`problem.in_use.${k}`, { n: num(p[k])! }));
      return parts.length ? { uses: parts.join(t('list.separator')) } : null;
    }
    case 'validation_failed': {
      const errors = Array.isArray(p.errors) ? (p.errors as Array<{ path?: unknown; message?: unknown }>) : [];
      const fields = errors.map((e) => fieldError(Array.isArray(e.path) ? e.path.map(String) : [], String(e.message ?? '')));
      return fields.length ? { fields: [...new Set(fields)].join(t('list.separator')) } : null;
    }
    default:
      return null;
  }
}

/** "姓名:不能为空": the field named by its last known path segment, the zod message by kind. */
function fieldError(path: string[], message: string): string {
  const name = [...path].reverse().find((seg) => isMessageKey(`field.${seg}`));
  const field = name ? t(`field.${name}` as MessageKey) : path.join('.') || '—';
  return t('validation.field', { field, message: validationText(message, name) });
}

function validationText(message: string, field: string | undefined): string {
  const m = message.toLowerCase();
  if (m.includes('empty')) return t('validation.empty');
  if (m.includes('yyyy-mm-dd')) return t('validation.date');
  if (m.includes('calendar')) return t('validation.calendar');
  if (m.includes('control')) return t('validation.controls');
  if (m.includes('secretary')) return t('validation.secretary');
  if (m.includes('removal')) return t('validation.removal');
  if (m.includes('disagrees')) return t('validation.disagrees');
  if (m.includes('not on the roster')) return t('validation.notOnRoster');
  if (m.includes('excused')) return t('validation.excused');
  if (m.includes('twice')) return t('validation.twice');
  // docs/full-committee.md §5: closesOn belongs to a written consultation only, and it needs one.
  if (m.includes('required for kind consultation')) return t('validation.consultationNeeds');
  if (m.includes('only for kind consultation')) return t('validation.consultationOnly');
  if (field === 'distinctFrom') return t('validation.distinctFrom');
  if (m.includes('time zone')) return t('validation.timeZone');
  if (field === 'username') return t('validation.username');
  if (field === 'password') return t('validation.password');
  if (m.includes('too big') || m.includes('too long')) return t('validation.tooLong');
  if ((m.includes('too small') || m.includes('>=1')) && m.includes('string')) return t('validation.empty');
  return t('validation.invalid');
}

/** The text of a refusal, or of a failure to reach the server at all. */
export function problemText(e: unknown): string {
  if (e instanceof ApiError) {
    const code = e.problem.code;
    if (code && isMessageKey(`problem.${code}`)) {
      const params = detailParams(e.problem);
      // R3 under 002's policy closes every post, not the one voted on: its own wording.
      if (params && code === 'nominee_barred' && e.problem.scope === 'any-post') return t('problem.nominee_barred.anyPost.detail', params);
      // R8 under 003's policy: exactly k + 1 or k + 2 nominees, not "at least".
      if (params && code === 'competitive_ratio' && params.maximum !== undefined) return t('problem.competitive_ratio.range.detail', params);
      if (params && isMessageKey(`problem.${code}.detail`)) return t(`problem.${code}.detail` as MessageKey, params);
      // A general code made specific by the server's `reason` (or the `field` already taken).
      const why = REASONED.has(code) ? str(e.problem.reason) ?? str(e.problem.field) : undefined;
      if (why && isMessageKey(`problem.${code}.${why}`)) return t(`problem.${code}.${why}` as MessageKey);
      return t(`problem.${code}` as MessageKey);
    }
    return t('problem.unknown', { status: e.status });
  }
  if (e instanceof PageError) return t(e.key, e.params);
  // fetch rejects with a TypeError when the network is down.
  if (e instanceof TypeError) return t('problem.network');
  return e instanceof Error ? e.message : String(e);
}
