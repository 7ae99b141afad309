import { SERVING_CASES } from './cases/serving';
import { runCases } from './harness';

runCases('serving metadata and revision rules', SERVING_CASES);
