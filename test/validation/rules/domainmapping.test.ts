import { DOMAINMAPPING_CASES } from './cases/domainmapping';
import { runCases } from './harness';

runCases('DomainMapping rules', DOMAINMAPPING_CASES);
