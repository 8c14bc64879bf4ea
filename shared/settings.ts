import { z } from 'zod';

/**
 * Every setting of the handlers, once: its environment variable, default, bounds and meaning. Lambda reads them
 * with `readSettings` (through `readConfig`); the stack validates its props with `validateSettings` and sets
 * `settingsEnvironment`; the local runtime builds the same environment and reads it with `readConfig` too.
 */

interface IntegerSetting {
  readonly env: string;
  readonly description: string;
  readonly min: number;
  readonly max: number;
  readonly default: number;
  /** Why the bounds are what they are; shown in the refusal. */
  readonly reason?: string;
}

interface TextSetting {
  readonly env: string;
  readonly description: string;
  /** Absent: required (the stack wires it to a resource). */
  readonly default?: string;
  readonly schema: z.ZodType<string>;
}

/** Tunable settings: whole numbers within bounds, a default each; stack props and local runtime options. */
export const tunableSettingSpecs = {
  heartbeatIntervalSeconds: {
    env: 'HEARTBEAT_INTERVAL_SECONDS',
    description:
      'Heartbeat interval returned at boot. Every Heartbeat is two billed WebSocket messages and an invocation, ' +
      'and buys nothing below the idle timeout: a silent charger is cut 10 minutes after its last message ' +
      'whatever the interval. So the default is the most that stays below it with a minute of margin.',
    min: 10,
    max: 540,
    default: 540,
    reason: 'API Gateway closes idle WebSockets after 600 s',
  },
  transactionUpdatedIntervalSeconds: {
    env: 'TRANSACTION_UPDATED_INTERVAL_SECONDS',
    description:
      'Periodic meter values of a session become a `TransactionUpdated` event at most once in this many seconds ' +
      '(starts, ends and other changes always do); 0 publishes one per meter-value message. Every value is ' +
      'stored and readable through the API anyway.',
    min: 0,
    max: 3600,
    // 15 minutes: the event is a progress notice (the CSMS consumes none; a reader wanting every value reads the
    // session), and at 5 minutes it was a fifth of all events, about $0.0007 per charger-month more.
    default: 900,
  },
  transactionUpdatedForAllSessions: {
    env: 'TRANSACTION_UPDATED_FOR_ALL_SESSIONS',
    description:
      'With 0, the sampled `TransactionUpdated` events of periodic meter values are published only where they ' +
      'are consumed: sessions of load-managed sites, and tenants with a webhook for them (or for "*"; a ' +
      'container re-reads the webhooks every 5 minutes). With 1, for every session: set it when rules of your ' +
      'own on the event bus consume them. Starts, ends and other changes are published either way.',
    min: 0,
    max: 1,
    // About $0.0007 per charger-month at the reference mix, for events that nothing reads at most tenants.
    default: 0,
  },
  runningCostIntervalSeconds: {
    env: 'RUNNING_COST_INTERVAL_SECONDS',
    description:
      'How often a charger is told the running cost of a session it reports meter values for (2.0.1: `totalCost` ' +
      'in the TransactionEventResponse; 1.6 with California Pricing: a `RunningCost` DataTransfer), at most once ' +
      'in this many seconds by its clock; 0: never. Pricing a sample reads its meter values, so it is done only ' +
      'when due.',
    min: 0,
    max: 3600,
    default: 300,
  },
  apiRateLimitPerSecond: {
    env: 'API_RATE_LIMIT_PER_SECOND',
    description:
      'API requests per second of a tenant without a limit of its own (all its keys together); the platform ' +
      'admin may set one per tenant, within the same bounds.',
    min: 1,
    max: 10_000,
    default: 50,
  },
  commandWaitSeconds: {
    env: 'COMMAND_WAIT_SECONDS',
    description:
      "How long the API waits for a charger's answer before it answers 202 with the command id (`?waitSeconds=` " +
      'overrides it per call, within the same bounds).',
    min: 0,
    max: 25,
    default: 25,
    reason: 'API Gateway cuts an HTTP integration at 29 s',
  },
  commandTimeoutSeconds: {
    env: 'COMMAND_TIMEOUT_SECONDS',
    description:
      'How long a CSMS→charger CALL may stay unanswered before its command times out and frees the slot.',
    min: 1,
    max: 3600,
    default: 60,
  },
  meterValueRetentionDays: {
    env: 'METER_VALUE_RETENTION_DAYS',
    description:
      'Raw meter values (every sample of a session) are deleted by DynamoDB TTL this many days after they are ' +
      'stored; 0 keeps them. Sessions (first and last register reading, energy) and CDRs are kept: billing, ' +
      'which runs when a session ends, reads the session, never the raw values. Without a TTL the values are ' +
      'about 80 % of what the table grows by, and storage with point-in-time recovery costs more every month.',
    min: 0,
    max: 3650,
    // A week: billing has run long before (at the session's end), a read or a late correction of an older
    // session folds the first and last readings the session keeps (sessions.ts), and a week leaves time to look
    // into a disputed session's samples. 30 days cost about $0.0008 per charger-month more at month 12.
    default: 7,
  },
  publishPreviousEventVersions: {
    env: 'PUBLISH_PREVIOUS_EVENT_VERSIONS',
    description:
      'With 1, an event at `.v2` is also published in its `.v1` form (`TransactionStarted`, `TransactionUpdated`, ' +
      '`TransactionEnded`, `IdTokenAuthorized`) for consumers written before `.v2`; each twin is one more billed ' +
      'event. 0 publishes the current version only (the CSMS itself consumes only `.v2`).',
    min: 0,
    max: 1,
    default: 0,
  },
  maxQueuedCalls: {
    env: 'MAX_QUEUED_CALLS',
    description:
      'How many calls may wait per charger behind the one outstanding; beyond, a request is refused (429). ' +
      'Chargers answer in about a second, so 20 is about 20 seconds of work.',
    min: 0,
    max: 100,
    default: 20,
    reason: "each waiting call is read with the charger's queue while it waits",
  },
  maxChargerClockSkewSeconds: {
    env: 'MAX_CHARGER_CLOCK_SKEW_SECONDS',
    description:
      "How far ahead of the server a charger's timestamp may be (status notifications, transactions). A later " +
      'one would win every "latest" comparison for good (a status dated 9999 never changes again): it is ' +
      'replaced by the time received and the skew logged. Earlier times are kept (offline queues).',
    min: 0,
    max: 86_400,
    default: 300,
  },
  webhookRetryBaseSeconds: {
    env: 'WEBHOOK_RETRY_BASE_SECONDS',
    description:
      'The first retry of a failed webhook delivery comes after about this long (±20 % jitter); each further one ' +
      'after twice the previous wait, at most 4 hours, until 24 hours have passed since the first attempt (then ' +
      'a dead letter). 30 gives about 15 attempts; tests use 1.',
    min: 1,
    max: 3600,
    default: 30,
  },
  selfHealingMinWaitSeconds: {
    env: 'SELF_HEALING_MIN_WAIT_SECONDS',
    description:
      'The least `faultedDelaySeconds` and `rebootWaitSeconds` a tenant may set (PUT /v1/self-healing). On AWS ' +
      'a shorter wait would reset chargers that are merely slow to report; tests of the local runtime use 1.',
    min: 1,
    max: 300,
    default: 30,
  },
  webhookAllowLoopback: {
    env: 'WEBHOOK_ALLOW_LOOPBACK',
    description:
      'With 1, webhook URLs may use http and point to loopback (127.0.0.0/8, ::1, localhost): the local ' +
      'runtime sets it so that tests can run a receiver on 127.0.0.1. The stack never sets it: on AWS only ' +
      'https to public addresses is allowed. Other private, link-local and metadata addresses are refused either way.',
    min: 0,
    max: 1,
    default: 0,
  },
} as const satisfies Record<string, IntegerSetting>;

/** Deployment wiring: the stack sets them from its resources, the local runtime from its emulators. */
export const wiringSettingSpecs = {
  tableName: { env: 'TABLE_NAME', description: 'The DynamoDB table.', schema: z.string().min(1) },
  eventBusName: { env: 'EVENT_BUS_NAME', description: 'The EventBridge bus.', schema: z.string().min(1) },
  connectionsEndpoint: {
    env: 'CONNECTIONS_ENDPOINT',
    description:
      'API Gateway management endpoint for `PostToConnection`, e.g. `https://id.execute-api.r.amazonaws.com/ocpp`.',
    schema: z.url(),
  },
  adminKeySha256: {
    env: 'ADMIN_KEY_SHA256',
    description:
      'SHA-256 (lowercase hex) of the platform-admin API key; empty disables platform-admin access.',
    default: '',
    schema: z.string().regex(/^([0-9a-f]{64})?$/, 'must be empty or 64 lowercase hexadecimal characters'),
  },
  ocppBaseUrl: {
    env: 'OCPP_BASE_URL',
    description:
      'Public charger URL base, e.g. `wss://d123.cloudfront.net/ocpp`; charger URLs append `/{tenantId}/{chargerId}`.',
    default: '',
    schema: z.string(),
  },
  callQueueTimerUrl: {
    env: 'CALL_QUEUE_TIMER_URL',
    description:
      "URL of the SQS queue whose delayed messages wake a charger's call queue at its outstanding call's time-out.",
    schema: z.url(),
  },
  webhookDeliveryQueueUrl: {
    env: 'WEBHOOK_DELIVERY_QUEUE_URL',
    description:
      'URL of the SQS queue of webhook delivery attempts (delayed until due); empty: webhooks cannot be delivered.',
    default: '',
    schema: z.union([z.literal(''), z.url()]),
  },
  filesBucket: {
    env: 'FILES_BUCKET',
    description: 'S3 bucket of the files chargers upload (diagnostics) and download (firmware); empty: none.',
    default: '',
    schema: z.string(),
  },
  tenantRoleArn: {
    env: 'TENANT_ROLE_ARN',
    description:
      'The role the functions serving a tenant assume, with the tenant as session tag, for its data only; ' +
      "empty: the function's own role (the local runtime scopes its clients itself).",
    default: '',
    schema: z.string(),
  },
} as const satisfies Record<string, TextSetting>;

export type TunableSettingName = keyof typeof tunableSettingSpecs;
export type WiringSettingName = keyof typeof wiringSettingSpecs;
export type TunableSettings = { readonly [K in TunableSettingName]: number };
export type WiringSettings = { readonly [K in WiringSettingName]: string };
export type AllSettings = TunableSettings & WiringSettings;

const settingSpecs = { ...tunableSettingSpecs, ...wiringSettingSpecs };
const tunableNames = Object.keys(tunableSettingSpecs) as TunableSettingName[];
const allNames = Object.keys(settingSpecs) as (keyof AllSettings)[];

/** Environment variable names: the stack sets them, `readConfig` reads them. */
export const settingsEnv = Object.fromEntries(allNames.map((name) => [name, settingSpecs[name].env])) as {
  readonly [K in keyof AllSettings]: (typeof settingSpecs)[K]['env'];
};
export type SettingsEnvName = (typeof settingsEnv)[keyof AllSettings];

/** The defaults of the tunable settings. */
export const defaultSettings: TunableSettings = Object.fromEntries(
  tunableNames.map((name) => [name, tunableSettingSpecs[name].default]),
) as TunableSettings;

/** A whole number within a setting's bounds; every refusal names the setting, the bounds and what it got. */
const integerSchema = (label: string, spec: IntegerSetting) => {
  const error = (issue: { input?: unknown }) =>
    `${label} must be a whole number from ${spec.min} to ${spec.max}${spec.reason ? ` (${spec.reason})` : ''}, ` +
    `got ${typeof issue.input === 'string' ? JSON.stringify(issue.input) : String(issue.input)}`;
  return z.number({ error }).int({ error }).min(spec.min, { error }).max(spec.max, { error });
};

/** Decimal text becomes a number; anything else stays as it is, so the refusal shows it. */
const numberFromEnv = (raw: unknown): unknown =>
  typeof raw === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(raw) ? Number(raw) : raw;

/** The tunable settings as typed values (stack props, local runtime options): absent ones get their default. */
const tunableSchema = z.object(
  Object.fromEntries(
    tunableNames.map((name) => [
      name,
      integerSchema(name, tunableSettingSpecs[name]).default(tunableSettingSpecs[name].default),
    ]),
  ) as { [K in TunableSettingName]: z.ZodDefault<z.ZodNumber> },
);

/** The environment of a function: every setting by its variable name. */
const envSchema = z.object({
  ...(Object.fromEntries(
    tunableNames.map((name) => {
      const spec = tunableSettingSpecs[name];
      return [name, z.preprocess(numberFromEnv, integerSchema(spec.env, spec).default(spec.default))];
    }),
  ) as Record<string, z.ZodType>),
  ...(Object.fromEntries(
    (Object.keys(wiringSettingSpecs) as WiringSettingName[]).map((name) => {
      const spec: TextSetting = wiringSettingSpecs[name];
      return [name, spec.default === undefined ? spec.schema : spec.schema.default(spec.default)];
    }),
  ) as Record<string, z.ZodType>),
});

/** Validates tunable settings given as values; throws with every refusal (e.g. from the stack's props). */
export const validateSettings = (
  values: Partial<Record<TunableSettingName, number | undefined>>,
): TunableSettings => {
  const parsed = tunableSchema.safeParse(values);
  if (!parsed.success) throw new Error(parsed.error.issues.map((issue) => issue.message).join('; '));
  return parsed.data;
};

/** Reads every setting from an environment (Lambda's, or the one the local runtime builds). */
export const readSettings = (env: Readonly<Record<string, string | undefined>>): AllSettings => {
  const byName = Object.fromEntries(allNames.map((name) => [name, env[settingSpecs[name].env]]));
  const parsed = envSchema.safeParse(byName);
  if (!parsed.success) {
    throw new Error(
      parsed.error.issues
        .map((issue) => {
          const name = issue.path[0] as keyof AllSettings;
          return issue.message.startsWith(`${settingSpecs[name].env} must be`)
            ? issue.message
            : `${settingSpecs[name].env}: ${issue.message}`;
        })
        .join('; '),
    );
  }
  return parsed.data as AllSettings;
};

/** The environment that carries `settings`: what the stack sets on every function. */
export const settingsEnvironment = (settings: AllSettings): Record<SettingsEnvName, string> =>
  Object.fromEntries(allNames.map((name) => [settingSpecs[name].env, String(settings[name])])) as Record<
    SettingsEnvName,
    string
  >;

/** The variables of the tunable settings given; absent ones are left out (the reader gives their default). */
export const tunableSettingsEnvironment = (
  values: Partial<Record<TunableSettingName, number | undefined>>,
): Record<string, string> =>
  Object.fromEntries(
    tunableNames.flatMap((name) => {
      const value = values[name];
      return value === undefined ? [] : [[tunableSettingSpecs[name].env, String(value)]];
    }),
  );

/** The settings use cases get, for tests: the defaults, and wiring of no deployment. */
export const testSettings = {
  heartbeatIntervalSeconds: defaultSettings.heartbeatIntervalSeconds,
  apiRateLimitPerSecond: defaultSettings.apiRateLimitPerSecond,
  commandWaitSeconds: defaultSettings.commandWaitSeconds,
  commandTimeoutSeconds: defaultSettings.commandTimeoutSeconds,
  maxQueuedCalls: defaultSettings.maxQueuedCalls,
  maxChargerClockSkewSeconds: defaultSettings.maxChargerClockSkewSeconds,
  selfHealingMinWaitSeconds: defaultSettings.selfHealingMinWaitSeconds,
  ocppBaseUrl: 'wss://ocpp.example.test/ocpp',
  adminKeySha256: '',
} as const;
