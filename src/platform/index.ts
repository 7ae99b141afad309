export * from './knative-eventing';
export * from './knative-serving';
