// Creates many API keys quickly through the SDK, for the bulk and terminal tests.
import { IamV2ApiKey, IamV2ApiKeySpec, ObjectReference, type KeywardClient } from '../../src/index.js';

export async function createKeys(client: KeywardClient, ownerId: string, count: number, description = (i: number) => `bulk key ${i}`): Promise<string[]> {
  const ids: string[] = [];
  for (let start = 0; start < count; start += 20) {
    const batch = Array.from({ length: Math.min(20, count - start) }, (_, j) => client.createIamV2ApiKey(new IamV2ApiKey({
      spec: new IamV2ApiKeySpec({ owner: new ObjectReference({ id: ownerId }), resource: new ObjectReference({ id: 'cloud' }), description: description(start + j) }),
    })));
    for (const key of await Promise.all(batch)) ids.push(key.id!);
  }
  return ids;
}
