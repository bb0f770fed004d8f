// The few workerd test modules the Worker suite uses, typed for the repository's one tsconfig
// (DOM + node). The pool's own types/cloudflare-test.d.ts needs the global Workers types, which
// would clash with DOM and node in that tsconfig.
declare module 'cloudflare:test' {
  export interface D1Migration {
    name: string;
    queries: string[];
  }
  /** Applies the migrations not yet recorded in the d1_migrations table. */
  export function applyD1Migrations(db: unknown, migrations: D1Migration[], migrationsTableName?: string): Promise<void>;
  /** The Worker of wrangler.toml's `main` (src/worker.ts), fetched in the same isolate. */
  export const SELF: { fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> };
}

declare module 'cloudflare:workers' {
  /** The Worker's bindings; test/worker/env.ts gives them their types. */
  export const env: unknown;
}
