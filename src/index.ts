// The public entry point: every construct by name, and each domain as a
// namespace (`import { serving } from 'cdk8s-knative'`).
export * from './core';
export * from './serving';
export * from './eventing';
export * from './sources';
export * from './istio';
export * from './secrets';
export * from './build';
export * from './helm';
export * from './platform';
export * from './validation';

export * as core from './core';
export * as serving from './serving';
export * as eventing from './eventing';
export * as sources from './sources';
export * as istio from './istio';
export * as secrets from './secrets';
export * as build from './build';
export * as helm from './helm';
export * as platform from './platform';
export * as validation from './validation';
