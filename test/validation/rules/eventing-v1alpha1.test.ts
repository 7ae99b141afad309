import { EVENTING_V1ALPHA1_CASES } from './cases/eventing-v1alpha1';
import { runCases } from './harness';

runCases('EventPolicy, RequestReply, EventTransform and ClusterDomainClaim rules', EVENTING_V1ALPHA1_CASES);
