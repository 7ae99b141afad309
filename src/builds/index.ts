export * from './variables';
export * from './params';
export * from './workspace';
export * from './task';
export * from './pipeline';
export * from './pipeline-run';
export * from './images';
export * from './builder';
export * from './source-to-image';
// The Tekton rules, checked by the validation engine, are also exported beside the constructs.
export * from '../validation/rules/tekton';
