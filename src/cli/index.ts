export * from './read-manifests';
export * from './validate-command';
