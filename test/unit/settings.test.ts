import { describe, expect, it } from 'vitest';
import { readConfig } from '../../shared/config.ts';
import {
  defaultSettings,
  readSettings,
  settingsEnv,
  settingsEnvironment,
  tunableSettingSpecs,
  validateSettings,
} from '../../shared/settings.ts';

const wiring = {
  tableName: 't',
  eventBusName: 'b',
  connectionsEndpoint: 'https://example.test/ocpp',
  adminKeySha256: '',
  ocppBaseUrl: 'wss://example.test/ocpp',
  filesBucket: 'files',
  callQueueTimerUrl: 'https://sqs.example.test/1/wakes',
  webhookDeliveryQueueUrl: 'https://sqs.example.test/1/webhook-deliveries',
  tenantRoleArn: 'arn:aws:iam::123456789012:role/tenant',
};
const requiredEnv = {
  TABLE_NAME: 't',
  EVENT_BUS_NAME: 'b',
  CONNECTIONS_ENDPOINT: 'https://example.test/ocpp',
  CALL_QUEUE_TIMER_URL: 'https://sqs.example.test/1/wakes',
};

describe('settings schema', () => {
  it('keeps the environment variable names of the contract', () => {
    // Assess
    expect(settingsEnv).toEqual({
      heartbeatIntervalSeconds: 'HEARTBEAT_INTERVAL_SECONDS',
      transactionUpdatedIntervalSeconds: 'TRANSACTION_UPDATED_INTERVAL_SECONDS',
      runningCostIntervalSeconds: 'RUNNING_COST_INTERVAL_SECONDS',
      meterValueRetentionDays: 'METER_VALUE_RETENTION_DAYS',
      publishPreviousEventVersions: 'PUBLISH_PREVIOUS_EVENT_VERSIONS',
      transactionUpdatedForAllSessions: 'TRANSACTION_UPDATED_FOR_ALL_SESSIONS',
      apiRateLimitPerSecond: 'API_RATE_LIMIT_PER_SECOND',
      commandWaitSeconds: 'COMMAND_WAIT_SECONDS',
      commandTimeoutSeconds: 'COMMAND_TIMEOUT_SECONDS',
      tableName: 'TABLE_NAME',
      eventBusName: 'EVENT_BUS_NAME',
      connectionsEndpoint: 'CONNECTIONS_ENDPOINT',
      adminKeySha256: 'ADMIN_KEY_SHA256',
      ocppBaseUrl: 'OCPP_BASE_URL',
      filesBucket: 'FILES_BUCKET',
      tenantRoleArn: 'TENANT_ROLE_ARN',
      maxQueuedCalls: 'MAX_QUEUED_CALLS',
      maxChargerClockSkewSeconds: 'MAX_CHARGER_CLOCK_SKEW_SECONDS',
      selfHealingMinWaitSeconds: 'SELF_HEALING_MIN_WAIT_SECONDS',
      callQueueTimerUrl: 'CALL_QUEUE_TIMER_URL',
      webhookRetryBaseSeconds: 'WEBHOOK_RETRY_BASE_SECONDS',
      webhookAllowLoopback: 'WEBHOOK_ALLOW_LOOPBACK',
      webhookDeliveryQueueUrl: 'WEBHOOK_DELIVERY_QUEUE_URL',
    });
  });

  it('has the documented defaults', () => {
    // Assess
    expect(defaultSettings).toEqual({
      heartbeatIntervalSeconds: 540,
      transactionUpdatedIntervalSeconds: 900,
      runningCostIntervalSeconds: 300,
      meterValueRetentionDays: 7,
      publishPreviousEventVersions: 0,
      transactionUpdatedForAllSessions: 0,
      apiRateLimitPerSecond: 50,
      commandWaitSeconds: 25,
      commandTimeoutSeconds: 60,
      maxQueuedCalls: 20,
      maxChargerClockSkewSeconds: 300,
      selfHealingMinWaitSeconds: 30,
      webhookRetryBaseSeconds: 30,
      webhookAllowLoopback: 0,
    });
  });

  const bounds = Object.entries(tunableSettingSpecs).flatMap(([name, spec]) => [
    [name, spec.min, true],
    [name, spec.max, true],
    [name, spec.min - 1, false],
    [name, spec.max + 1, false],
    [name, spec.min + 0.5, false],
    [name, Number.NaN, false],
  ]) as [keyof typeof tunableSettingSpecs, number, boolean][];

  it.each(bounds)('%s = %s accepted: %s (values)', (name, value, accepted) => {
    // Act
    const validate = () => validateSettings({ [name]: value });

    // Assess
    if (accepted) expect(validate()[name]).toBe(value);
    else
      expect(validate).toThrow(
        new RegExp(
          `^${name} must be a whole number from ${tunableSettingSpecs[name].min} to ${tunableSettingSpecs[name].max}.*, got ${value}$`,
        ),
      );
  });

  it.each(bounds)('%s = %s accepted: %s (environment)', (name, value, accepted) => {
    // Prepare
    const env = tunableSettingSpecs[name].env;

    // Act
    const read = () => readSettings({ ...requiredEnv, [env]: String(value) });

    // Assess
    if (accepted) expect(read()[name]).toBe(value);
    else expect(read).toThrow(new RegExp(`^${env} must be a whole number from `));
  });

  it('refuses text that is no number, and shows it', () => {
    // Act & Assess
    expect(() => readSettings({ ...requiredEnv, HEARTBEAT_INTERVAL_SECONDS: 'ten' })).toThrow(
      'HEARTBEAT_INTERVAL_SECONDS must be a whole number from 10 to 540 (API Gateway closes idle WebSockets after 600 s), got "ten"',
    );
  });

  it('refuses a missing table name and a bad admin key hash, naming the variables', () => {
    // Act & Assess
    expect(() => readSettings({ ...requiredEnv, TABLE_NAME: undefined, ADMIN_KEY_SHA256: 'abc' })).toThrow(
      /TABLE_NAME: .*; ADMIN_KEY_SHA256: must be empty or 64 lowercase hexadecimal characters/,
    );
  });

  it('names every refused value at once', () => {
    // Act & Assess
    expect(() => validateSettings({ heartbeatIntervalSeconds: 5, commandWaitSeconds: 26 })).toThrow(
      /^heartbeatIntervalSeconds must .*, got 5; commandWaitSeconds must .*, got 26$/,
    );
  });

  it('reads back what it writes: the environment carries every setting', () => {
    // Prepare
    const settings = {
      ...wiring,
      heartbeatIntervalSeconds: 120,
      transactionUpdatedIntervalSeconds: 0,
      runningCostIntervalSeconds: 60,
      meterValueRetentionDays: 0,
      publishPreviousEventVersions: 1,
      transactionUpdatedForAllSessions: 1,
      apiRateLimitPerSecond: 7,
      commandWaitSeconds: 3,
      commandTimeoutSeconds: 90,
      maxQueuedCalls: 7,
      maxChargerClockSkewSeconds: 60,
      selfHealingMinWaitSeconds: 1,
      webhookRetryBaseSeconds: 1,
      webhookAllowLoopback: 1,
    };

    // Act
    const read = readSettings(settingsEnvironment(settings));

    // Assess
    expect(read).toEqual(settings);
  });

  it('gives the defaults to a Lambda environment without them', () => {
    // Act
    const config = readConfig({ AWS_REGION: 'eu-west-1', ...requiredEnv });

    // Assess
    expect(config).toEqual({
      region: 'eu-west-1',
      ...defaultSettings,
      tableName: 't',
      eventBusName: 'b',
      connectionsEndpoint: 'https://example.test/ocpp',
      adminKeySha256: '',
      ocppBaseUrl: '',
      filesBucket: '',
      tenantRoleArn: '',
      callQueueTimerUrl: requiredEnv.CALL_QUEUE_TIMER_URL,
      webhookDeliveryQueueUrl: '',
    });
  });
});
