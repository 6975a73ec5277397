export * from './client.ts';
export * from './rate-limit.ts';
export * from './submissions.ts';
export * from './table.ts';
