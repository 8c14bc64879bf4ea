import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

/**
 * Standard Webhooks signing: `webhook-signature` is `v1,<base64 HMAC-SHA256 of "id.timestamp.body">` keyed with
 * the secret's bytes; several signatures are separated by spaces (a rotated secret signs too, in its grace
 * period), and a receiver accepts the message when any one verifies.
 */

/** `whsec_` and 32 random bytes in base64, the form Standard Webhooks libraries take. */
export const generateWebhookSecret = (): string => `whsec_${randomBytes(32).toString('base64')}`;

export interface SignedHeaders {
  readonly 'webhook-id': string;
  readonly 'webhook-timestamp': string;
  readonly 'webhook-signature': string;
}

export const signedHeaders = (input: {
  readonly messageId: string;
  readonly timestamp: Date;
  readonly body: string;
  /** The current secret first, then those still in their grace period. */
  readonly secrets: readonly string[];
}): SignedHeaders => ({
  'webhook-id': input.messageId,
  'webhook-timestamp': String(Math.floor(input.timestamp.getTime() / 1000)),
  'webhook-signature': input.secrets
    .map((secret) => new Webhook(secret).sign(input.messageId, input.timestamp, input.body))
    .join(' '),
});
