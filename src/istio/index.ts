export * from './hosts';
export * from './gateway';
export * from './virtual-service';
export * from './destination-rule';
export * from './peer-authentication';
export * from './authorization-policy';
export * from './knative-ingress';
