export * from './capacity.ts';
export * from './event-rules.ts';
export * from './functions.ts';
export * from './http-routes.ts';
export * from './queues.ts';
export * from './state-machines.ts';
export * from './table.ts';
export * from './websocket-routes.ts';
