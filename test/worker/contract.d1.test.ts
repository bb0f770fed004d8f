import { describeDbContract } from '../db/contract';
import { d1Db } from './env';

// The same contract on D1 inside workerd, over the migrations apply-migrations.ts applied.
describeDbContract('D1', () => d1Db());
