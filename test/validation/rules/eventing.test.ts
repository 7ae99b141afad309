import { EVENTING_CASES } from './cases/eventing';
import { runCases } from './harness';

runCases('eventing, messaging and flows rules', EVENTING_CASES);
