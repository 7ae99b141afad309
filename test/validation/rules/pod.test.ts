import { POD_CASES } from './cases/pod';
import { runCases } from './harness';

runCases('serving pod spec rules', POD_CASES);
