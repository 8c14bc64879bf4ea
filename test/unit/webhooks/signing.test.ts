import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { generateWebhookSecret, signedHeaders } from '../../../shared/slices/webhooks/signing.ts';

const body = JSON.stringify({ type: 'TransactionEnded.v2', id: 'evt-1', data: { energyWh: 1200 } });

describe('webhook signing (Standard Webhooks)', () => {
  it('makes secrets of whsec_ and 32 random bytes', () => {
    const secret = generateWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(secret.slice(6), 'base64')).toHaveLength(32);
    expect(generateWebhookSecret()).not.toBe(secret);
  });

  it("signs so that the standardwebhooks library's verify accepts the message", () => {
    // Prepare
    const secret = generateWebhookSecret();

    // Act
    const headers = signedHeaders({ messageId: 'evt-1', timestamp: new Date(), body, secrets: [secret] });

    // Assess
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(new Webhook(secret).verify(body, { ...headers })).toEqual(JSON.parse(body));
  });

  it('fails verification with another secret or another body', () => {
    const headers = signedHeaders({
      messageId: 'evt-1',
      timestamp: new Date(),
      body,
      secrets: [generateWebhookSecret()],
    });
    expect(() => new Webhook(generateWebhookSecret()).verify(body, { ...headers })).toThrow(
      WebhookVerificationError,
    );
    expect(() => new Webhook(generateWebhookSecret()).verify(`${body} `, { ...headers })).toThrow(
      WebhookVerificationError,
    );
  });

  it('signs with each secret in its grace period: a receiver with either one verifies', () => {
    // Prepare
    const current = generateWebhookSecret();
    const previous = generateWebhookSecret();

    // Act
    const headers = signedHeaders({
      messageId: 'evt-1',
      timestamp: new Date(),
      body,
      secrets: [current, previous],
    });

    // Assess
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(new Webhook(current).verify(body, { ...headers })).toBeTruthy();
    expect(new Webhook(previous).verify(body, { ...headers })).toBeTruthy();
  });

  it('sends the timestamp in whole seconds, as the spec says', () => {
    const headers = signedHeaders({
      messageId: 'evt-1',
      timestamp: new Date('2026-06-01T00:00:01.900Z'),
      body,
      secrets: [generateWebhookSecret()],
    });
    expect(headers['webhook-timestamp']).toBe(String(Date.parse('2026-06-01T00:00:01Z') / 1000));
  });
});
