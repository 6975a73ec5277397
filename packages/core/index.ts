export * from './codes.ts';
export * from './config.ts';
export * from './i18n/index.ts';
export * from './intake.ts';
export * from './options.ts';
export * from './routing.ts';
export * from './submission.ts';
export * from './topics.ts';
