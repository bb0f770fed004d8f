// The independent verifier (design.md, "The verifier"). Pure: imports only crypto/ and
// src/rules/, so the CLI and the inspector's page (a Web Worker) run the same code.
export { CHECKS, type CheckId, type CheckResult, type CheckStatus } from './checks';
export { type Cosigner, type TrustedKeys } from './checkpoints';
export {
  DEPARTMENTS,
  RECORD_FORMAT,
  RecordFormatError,
  parseRecord,
  parseRecordText,
  type Department,
  type MeetingRecord,
  type RecordCheckpoint,
  type RecordCosignature,
  type RecordDepartmentKey,
} from './record';
export { resolveReceipt, verifyReceipt, verifyReceiptProof, type ReceiptProof, type ReceiptReport } from './receipt';
export { formatReport } from './report';
export { formatTrustFile, keysReport, parseTrustFile, parseTrustText, TRUST_FORMAT, TrustFileError, type KeyReport, type KeysReport, type TrustFile } from './trust';
export {
  sharesAddUp,
  verifyBallotSignatures,
  verifyKeyShares,
  verifyTokenGroup,
  verifyTokenGroups,
  type BallotSignaturesVerifier,
  type GroupVerdict,
  type KeyShares,
  type KeySharesVerifier,
  type TokenGroup,
  type TokenGroupsVerifier,
} from './backends';
export {
  verifyRecord,
  verifyRecordAsync,
  type AsyncVerifyOptions,
  type VerifyCounts,
  type VerifyOptions,
  type VerifyProgress,
  type VerifyReport,
} from './verify';
