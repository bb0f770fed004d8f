/** Runs the verifier once on a record file and prints its peak RSS (for bench/verify.ts). */
import { readFileSync } from 'node:fs';
import { verifyRecord } from '../src/verifier';

const report = verifyRecord(JSON.parse(readFileSync(process.argv[2]!, 'utf8')));
// resourceUsage().maxRSS is in kilobytes (getrusage ru_maxrss).
console.log(JSON.stringify({ ok: report.ok, maxRssBytes: process.resourceUsage().maxRSS * 1024 }));
