import { describe, expect, it } from 'vitest';
import { localRegion } from '../../local/dynamodb.ts';
import { localEnvironment } from '../../local/runtime.ts';
import { readConfig } from '../../shared/config.ts';
import { defaultSettings, settingsEnvironment } from '../../shared/settings.ts';

const wiring = {
  connectionsEndpoint: 'http://127.0.0.1:9000',
  adminKeySha256: 'a'.repeat(64),
  callQueueTimerUrl: 'http://127.0.0.1:1/queue/call-queue-timer',
  webhookDeliveryQueueUrl: 'http://127.0.0.1:1/queue/webhook-deliveries',
  ocppBaseUrl: 'ws://127.0.0.1:9000/ocpp',
};
const tunables = {
  heartbeatIntervalSeconds: 120,
  transactionUpdatedIntervalSeconds: 0,
  apiRateLimitPerSecond: 7,
  commandWaitSeconds: 3,
  commandTimeoutSeconds: 90,
  maxQueuedCalls: 7,
  webhookRetryBaseSeconds: 2,
  webhookAllowLoopback: 1,
} as const;

describe('local runtime environment', () => {
  it('gives the same settings as Lambda reading what the stack sets, for the same input', () => {
    // Prepare
    const local = readConfig(localEnvironment(tunables, wiring));

    // Act
    const lambda = readConfig({
      AWS_REGION: localRegion,
      ...settingsEnvironment({
        // Not options of the local runtime (its `environment` carries them): their defaults.
        meterValueRetentionDays: defaultSettings.meterValueRetentionDays,
        publishPreviousEventVersions: 0,
        transactionUpdatedForAllSessions: 0,
        ...tunables,
        // Not a local runtime option: its default on both sides.
        maxChargerClockSkewSeconds: defaultSettings.maxChargerClockSkewSeconds,
        selfHealingMinWaitSeconds: defaultSettings.selfHealingMinWaitSeconds,
        runningCostIntervalSeconds: defaultSettings.runningCostIntervalSeconds,
        ...wiring,
        tableName: 'csms',
        eventBusName: local.eventBusName,
        filesBucket: 'csms-files',
        tenantRoleArn: '',
      }),
    });

    // Assess
    expect(local).toEqual(lambda);
    expect(local).toMatchObject(tunables);
  });

  it('gives the schema defaults when nothing is set', () => {
    // Act
    const config = readConfig(localEnvironment({}, wiring));

    // Assess
    // Locally, webhooks may go to a receiver on this machine (WEBHOOK_ALLOW_LOOPBACK); the stack never allows it.
    expect(config).toMatchObject({
      ...defaultSettings,
      webhookAllowLoopback: 1,
      ...wiring,
      region: localRegion,
      tableName: 'csms',
    });
  });

  it('takes the settings variables of its environment, the typed options first, and nothing else', () => {
    // Prepare
    const environment = {
      HEARTBEAT_INTERVAL_SECONDS: '77',
      COMMAND_WAIT_SECONDS: '5',
      TABLE_NAME: 'not-the-local-table',
    };

    // Act
    const config = readConfig(localEnvironment({ environment, commandWaitSeconds: 9 }, wiring));

    // Assess
    expect(config).toMatchObject({ heartbeatIntervalSeconds: 77, commandWaitSeconds: 9, tableName: 'csms' });
  });

  it('refuses an option out of bounds by its name, and a variable by its own', () => {
    // Act & Assess
    expect(() => localEnvironment({ heartbeatIntervalSeconds: 600 }, wiring)).toThrow(
      'heartbeatIntervalSeconds must be a whole number from 10 to 540',
    );
    expect(() =>
      readConfig(localEnvironment({ environment: { HEARTBEAT_INTERVAL_SECONDS: 'ten' } }, wiring)),
    ).toThrow('HEARTBEAT_INTERVAL_SECONDS must be a whole number from 10 to 540');
  });
});
