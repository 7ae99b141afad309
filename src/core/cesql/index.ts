export * from './ast';
export * from './lexer';
export * from './parser';
export * from './functions';
export * from './print';
