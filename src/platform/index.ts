export * from './apply-order';
export * from './knative-eventing';
export * from './knative-serving';
