/**
 * Issue 18's verification row alone, on records kept by `--only coissue`
 * (bench/results/record-coissue-*.json): `npx tsx bench/verify-pair.ts [repeats]`. Both records
 * verified alternately by `sealvote verify`'s default (verifyRecordNode), wall and CPU per run.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { verifyRecordNode } from '../src/verifier-node';
import { median } from './lib/stats';

const repeats = Number(process.argv[2] ?? 6);
const load = (w: string) => JSON.parse(readFileSync(join(import.meta.dirname, 'results', `record-coissue-${w}.json`), 'utf8')) as unknown;
const records = { serviceOnly: load('serviceOnly'), coissued: load('coissued') };
const wall: Record<string, number[]> = { serviceOnly: [], coissued: [] };
const cpu: Record<string, number[]> = { serviceOnly: [], coissued: [] };
for (const r of Object.values(records)) if (!(await verifyRecordNode(r)).ok) throw new Error('a kept record does not verify');
for (let i = 0; i < repeats; i++) {
  for (const w of i % 2 === 0 ? ['serviceOnly', 'coissued'] : ['coissued', 'serviceOnly']) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    if (!(await verifyRecordNode(records[w as keyof typeof records])).ok) throw new Error(`${w} failed`);
    wall[w]!.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu[w]!.push((c.user + c.system) / 1000);
  }
}
const f = (x: number) => x.toFixed(0);
console.log(`wall: service only ${f(median(wall.serviceOnly!))} ms, co-issued ${f(median(wall.coissued!))} ms, ratio ${(median(wall.coissued!) / median(wall.serviceOnly!)).toFixed(3)}`);
console.log(`cpu:  service only ${f(median(cpu.serviceOnly!))} ms, co-issued ${f(median(cpu.coissued!))} ms, ratio ${(median(cpu.coissued!) / median(cpu.serviceOnly!)).toFixed(3)}`);
console.log(`wall all: ${wall.serviceOnly!.map(f).join(' ')} | ${wall.coissued!.map(f).join(' ')}`);
