export * from './consensus.ts';
export * from './model.ts';
export * from './points.ts';
