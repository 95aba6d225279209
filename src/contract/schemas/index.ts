export * from './common.js';
export * from './api-key.js';
export * from './service-account.js';
export * from './user.js';
export * from './environment.js';
export * from './audit.js';
