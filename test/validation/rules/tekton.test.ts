import { TEKTON_CASES } from './cases/tekton';
import { runCases } from './harness';

runCases('Tekton rules', TEKTON_CASES);
