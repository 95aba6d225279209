import type { ObjectMeta } from '../../contract/schemas/common.js';

/** `metadata` of any object: its URL, its CRN and its RFC 3339 UTC timestamps. */
export function objectMeta(self: string, resourceName: string, record: { createdAt: string; updatedAt: string }): ObjectMeta {
  return { self, resource_name: resourceName, created_at: record.createdAt, updated_at: record.updatedAt };
}
