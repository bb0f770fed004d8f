#!/usr/bin/env node
// The sealvote command line. tsx lets it run the TypeScript sources directly.
import { register } from 'tsx/esm/api';

register();
const { run } = await import('../src/cli/main.ts');
await run();
