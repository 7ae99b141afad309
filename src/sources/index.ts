export * from './api-server-source';
export * from './container-source';
export * from './github-source';
export * from './kafka-source';
export * from './ping-source';
export * from './secret-key';
export * from './sink-binding';
export * from './source-props';
