// Opaque, tamper-proof page tokens. A token names where the next page starts and is bound to the
// caller and the filters that produced it, so it cannot be replayed with other filters or by
// another principal. Signed with a key shared by every instance, so any instance accepts it.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { ApiError } from './api-error.js';

const MAC_BYTES = 16;

export class PageTokens {
  constructor(private readonly key: Buffer) {}

  /** `scope` identifies the caller and the filters, e.g. `['api-keys', callerId, owner, resource]`. */
  issue(scope: readonly unknown[], afterId: string): string {
    const payload = Buffer.from(afterId, 'utf8').toString('base64url');
    return `${payload}.${this.mac(scope, payload).toString('base64url')}`;
  }

  /** The `afterId` inside a token, or a 400 when it is malformed or was issued for another scope. */
  read(scope: readonly unknown[], token: string): string {
    const [payload, mac, extra] = token.split('.');
    if (payload && mac && extra === undefined) {
      // Compare the text, not decoded bytes: base64url's last character has spare bits, so two
      // spellings decode to the same MAC and a byte comparison would accept an altered token.
      const given = Buffer.from(mac);
      const expected = Buffer.from(this.mac(scope, payload).toString('base64url'));
      if (given.length === expected.length && timingSafeEqual(given, expected)) {
        return Buffer.from(payload, 'base64url').toString('utf8');
      }
    }
    throw new ApiError('invalid_page_token',
      'The page_token is invalid or was issued for a different caller or filter', { parameter: 'page_token' });
  }

  private mac(scope: readonly unknown[], payload: string): Buffer {
    return createHmac('sha256', this.key).update(JSON.stringify(scope)).update('\n').update(payload)
      .digest().subarray(0, MAC_BYTES);
  }
}
