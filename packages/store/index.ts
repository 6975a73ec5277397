export * from './client.ts';
export * from './submissions.ts';
export * from './table.ts';
