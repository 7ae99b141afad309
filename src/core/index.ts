export * from './errors';
export * from './external';
export * from './names';
export * from './reference';
export * from './resource';
export * from './tokens';
export * from './warnings';
export * from './syntax';
