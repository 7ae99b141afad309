export * from './types';
export * from './config';
export * from './paths';
export * from './schema';
export * from './references';
export * from './engine';
export * from './synth-hook';
export * from './plugin';
export { ALL_RULES } from './rules';
