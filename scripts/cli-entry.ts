/** The command line's entry in the production build (scripts/build.ts → dist/cli/sealvote.mjs). */
import { run } from '../src/cli/main';

await run();
