// Ids for principals and environments: a prefix and a short lowercase id, like Confluent's
// `sa-abc1234`. Seven base-36 characters give 78 billion values; the store's unique keys catch
// the (vanishing) chance of a repeat.
import { randomInt } from 'node:crypto';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

export function newId(prefix: 'u' | 'sa' | 'env'): string {
  let suffix = '';
  for (let i = 0; i < 7; i++) suffix += ALPHABET[randomInt(ALPHABET.length)];
  return `${prefix}-${suffix}`;
}

export function principalKindOf(id: string): 'User' | 'ServiceAccount' | undefined {
  if (id.startsWith('u-')) return 'User';
  if (id.startsWith('sa-')) return 'ServiceAccount';
  return undefined;
}
