import type { AppDeps } from '../deps';
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

export type AppEnv = {
  Variables: {
    deps: AppDeps;
    officer?: OfficerPrincipal;
    tablet?: TabletPrincipal;
  };
};
