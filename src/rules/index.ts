// The committee's voting rules (shared/docs/rules.md), decided once for the service, the
// verifier and the kiosk. Pure functions: no I/O, no clock, no imports from outside src/rules.
export { RuleInputError } from './errors';
export { MAX_COUNT } from './counts';
export { quorumMet } from './quorum';
export { passes, reconsiderationPasses, PASS_RULES, type PassRule } from './pass';
export { barredByVote, barLiftsOn, isBarActive, barScope, barBlocks, BAR_RULES, type BarRule, type BarScope } from './bar';
export { dateInZone, daysBetween, DEFAULT_TIME_ZONE } from './calendar';
export { meetingOpensToday, meetingDateAllowed } from './meeting-date';
export { competitiveRatioOk, competitiveRange, meetingNomineesOk, MAX_NOMINEES_PER_MEETING } from './competitive';
export {
  DEFAULT_POLICIES,
  FULL_COMMITTEE_POLICIES,
  defaultPoliciesFor,
  POLICY_CHOICES,
  POLICY_SOURCES,
  RATIO_POLICIES,
  MAJORITY_POLICIES,
  MOTION_POLICIES,
  requirePolicies,
  withDefaults,
  type CommitteePolicies,
  type RatioPolicy,
  type MajorityPolicy,
  type MotionPolicy,
  type PolicySource,
} from './policies';
export { nameKey, nomineeKey, rosterKey, duplicatesOf } from './identity';
export { unannouncedResults, standingRound, type AnnouncementState } from './procedure';
export { COMMITTEE_KINDS, ROSTER_KINDS, ballotClassOf, rosterKindAllowed, requireCommitteeKind, type CommitteeKind, type RosterKind } from './committee';
export { ITEM_KINDS, barsApply, removalShapeOk, requireItemKind, type ItemKind } from './item-kind';
export { MAX_CONSULTATION_DAYS, MEETING_KINDS, consultationWindowOk, consultationWindowEnded, consultationMayClose, requireMeetingKind, type MeetingKind } from './consultation';
export { secretarySpeaksLast, waitingBeforeSecretary, requireSpeakers } from './discussion';

export { validateBallotChoices, countBallots, CHOICES, type Choice } from './ballot';
export {
  decideItem,
  validateDecideInput,
  type DecideInput,
  type Decision,
  type NomineeCount,
  type NomineeOutcome,
} from './decide-item';
export { DOSSIER_SOURCES, dossierFault, requireDossierSource, type Dossier, type DossierFault, type DossierSource } from './dossier';
