/** Email: rendering (RTL/LTR HTML + plain text) and sending. Nothing outside this package builds an email. */
export * from './render.ts';
export * from './send.ts';
