import { TRAFFIC_CASES } from './cases/traffic';
import { runCases } from './harness';

runCases('serving traffic rules', TRAFFIC_CASES);
