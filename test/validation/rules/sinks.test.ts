import { SINKS_CASES } from './cases/sinks';
import { runCases } from './harness';

runCases('sink, integration and Kafka broker rules', SINKS_CASES);
