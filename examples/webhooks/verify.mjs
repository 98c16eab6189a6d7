// Verifying a webhook from api-tokens-backend (the Standard Webhooks convention) in Node.js:
// `secret` is the whsec_… the backend signs with (--webhook-secret), `headers` the request's
// headers (lower-case names, as Node gives them), `body` the raw body as received, before any
// JSON parsing. Answers the event; throws when the request is not the backend's.
import { createHmac, timingSafeEqual } from 'node:crypto';

export function verifyWebhook(secret, headers, body) {
  const id = headers['webhook-id'];
  const timestamp = headers['webhook-timestamp'];
  const signatures = headers['webhook-signature'];
  if (!id || !timestamp || !signatures) throw new Error('not a signed webhook');
  // Five minutes either way: an old request replayed is refused.
  if (!(Math.abs(Date.now() / 1000 - Number(timestamp)) <= 300)) {
    throw new Error('webhook timestamp too far from now');
  }
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest();
  // Space-separated `v1,<base64>` signatures: one matching is enough.
  const matches = signatures.split(' ').some((signature) => {
    const [version, value] = signature.split(',');
    const given = Buffer.from(value ?? '', 'base64');
    return version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected);
  });
  if (!matches) throw new Error('webhook signature does not match');
  // A retry carries the same webhook-id: act on each id once.
  return JSON.parse(body);
}
