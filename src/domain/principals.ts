/**
 * Who is asking, as the domain sees it: an officer logged in with a password, or a tablet
 * signed in with a slip code. HTTP puts these on its context (`http/env.ts`); verbs take them
 * as plain values and know nothing of where they came from.
 */
import type { OfficerRole } from '../db/schema';

export interface OfficerPrincipal {
  id: string;
  username: string;
  displayName: string;
  role: OfficerRole;
}

export interface TabletPrincipal {
  meetingId: string;
  personId: string;
  class: 'A' | 'B';
}
