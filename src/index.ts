export * from './core';
export * from './serving';
