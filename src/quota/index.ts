export { Quotas, QUOTA_DEFAULTS, type QuotasOptions } from './quotas.js';
export { MemoryQuotaStore, type MemoryStoreOptions } from './memory-store.js';
export { RedisQuotaStore, RedisUnavailableError, type RedisLike, type RedisStoreOptions } from './redis-store.js';
export { boundedLabels } from './labels.js';
export type * from './types.js';
