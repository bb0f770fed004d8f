import type { AppDeps } from '../deps';
import type { OfficerPrincipal, TabletPrincipal } from '../domain/principals';

export type { OfficerPrincipal, TabletPrincipal };

export type AppEnv = {
  Variables: {
    deps: AppDeps;
    officer?: OfficerPrincipal;
    tablet?: TabletPrincipal;
  };
};
