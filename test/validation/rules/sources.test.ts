import { SOURCES_CASES } from './cases/sources';
import { runCases } from './harness';

runCases('source rules', SOURCES_CASES);
