import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/** Repository root: entries, the lock file and tsconfig are resolved from here, never from the cwd. */
export const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));

/**
 * ESM bundles run where `require`, `__filename` and `__dirname` do not exist; a few CommonJS dependencies still
 * call them (e.g. `require('crypto')` inside an ESM bundle), so the banner defines them at the top of the bundle.
 */
const esmRequireShim = [
  "import { createRequire as __csmsCreateRequire } from 'node:module';",
  "import { fileURLToPath as __csmsFileURLToPath } from 'node:url';",
  "import { dirname as __csmsDirname } from 'node:path';",
  'const require = __csmsCreateRequire(import.meta.url);',
  'const __filename = __csmsFileURLToPath(import.meta.url);',
  'const __dirname = __csmsDirname(__filename);',
].join(' ');

export interface CsmsFunctionProps {
  /** Entry file, absolute or relative to the repository root (e.g. `functions/api.ts`). */
  readonly entry: string;
  /**
   * Exported handler name.
   * @default 'handler'
   */
  readonly handler?: string;
  /**
   * Description shown in the Lambda console.
   * @default - no description
   */
  readonly description?: string;
  /**
   * Function timeout.
   * @default Duration.seconds(10)
   */
  readonly timeout?: Duration;
  /**
   * Memory in MB; on Lambda CPU scales with it.
   * @default 256
   */
  readonly memorySize?: number;
  /**
   * Extra environment variables; `POWERTOOLS_*` and `NODE_OPTIONS` are set by the construct.
   * @default - none
   */
  readonly environment?: Record<string, string>;
  /**
   * Runtime. Node.js 24 matches the toolchain the code is written and tested with.
   * @default lambda.Runtime.NODEJS_24_X
   */
  readonly runtime?: lambda.Runtime;
  /**
   * Instruction set. Graviton is cheaper per GB-second and the bundle has no native modules.
   * @default lambda.Architecture.ARM_64
   */
  readonly architecture?: lambda.Architecture;
  /**
   * X-Ray tracing. Lambda has two modes: `ACTIVE` samples requests that arrive without a sampling decision (1 a
   * second and 5 % of the rest; X-Ray sampling rules do not apply to Lambda), `PASS_THROUGH` records only what an
   * upstream service sampled. Use `PASS_THROUGH` to stop tracing, not `DISABLED`: `DISABLED` merely leaves the
   * mode out of the template (Lambda's default is PassThrough anyway), so the template no longer states it.
   * @default lambda.Tracing.ACTIVE
   */
  readonly tracing?: lambda.Tracing;
  /**
   * Lowest level of the function's own log lines that Lambda keeps (advanced logging controls, JSON format).
   * Lambda sets `AWS_LAMBDA_LOG_LEVEL` from it, which Powertools Logger takes over any other setting;
   * `POWERTOOLS_LOG_LEVEL` gets the same level so that both agree wherever the code runs.
   * @default lambda.ApplicationLogLevel.WARN
   */
  readonly applicationLogLevel?: lambda.ApplicationLogLevel;
  /**
   * Lowest level of Lambda's platform lines that are kept. START and REPORT are INFO: WARN drops them (duration,
   * errors and throttles stay in CloudWatch's Lambda metrics) and keeps faults such as dropped logs.
   * @default lambda.SystemLogLevel.WARN
   */
  readonly systemLogLevel?: lambda.SystemLogLevel;
  /**
   * Retention of the function's log group.
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * What happens to the log group when the function is removed from the stack.
   * @default RemovalPolicy.DESTROY
   */
  readonly logRemovalPolicy?: RemovalPolicy;
  /**
   * `POWERTOOLS_SERVICE_NAME`: the `service` key of every log line and metric.
   * @default 'csms'
   */
  readonly serviceName?: string;
  /**
   * `POWERTOOLS_METRICS_NAMESPACE`: CloudWatch namespace of the business metrics.
   * @default 'Csms'
   */
  readonly metricsNamespace?: string;
  /**
   * Minify the bundle (smaller asset, faster cold start); source maps keep stack traces readable.
   * @default true
   */
  readonly minify?: boolean;
  /**
   * Reserved concurrency: a floor and a ceiling at once, drawn from the account's pool (which must keep 100
   * unreserved).
   * @default - unreserved, account pool
   */
  readonly reservedConcurrentExecutions?: number;
}

/** Powertools Logger has no FATAL: it maps Lambda's FATAL to its CRITICAL. */
const powertoolsLevel = (level: lambda.ApplicationLogLevel): string =>
  level === lambda.ApplicationLogLevel.FATAL ? 'CRITICAL' : level;

/**
 * A NodejsFunction with the project's defaults: Node.js 24 on ARM64, ESM bundle built by the local esbuild
 * (no Docker), source maps, X-Ray tracing, JSON logs filtered by level into an explicit log group with
 * retention, and Powertools environment.
 */
export class CsmsFunction extends Construct {
  public readonly function: NodejsFunction;
  public readonly logGroup: logs.LogGroup;

  public constructor(scope: Construct, id: string, props: CsmsFunctionProps) {
    super(scope, id);

    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: props.logRemovalPolicy ?? RemovalPolicy.DESTROY,
    });

    // Its own role instead of AWSLambdaBasicExecutionRole, whose log statements apply to every log group of
    // the account: this one may write to its own log group only (the group exists, so no CreateLogGroup).
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: props.description,
    });
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logGroup.logGroupArn],
      }),
    );
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'X-Ray (xray:PutTraceSegments, xray:PutTelemetryRecords), which Lambda tracing grants, supports no ' +
        'resource-level permissions',
    });

    const applicationLogLevel = props.applicationLogLevel ?? lambda.ApplicationLogLevel.WARN;
    this.function = new NodejsFunction(this, 'Function', {
      entry: path.resolve(repositoryRoot, props.entry),
      handler: props.handler ?? 'handler',
      projectRoot: repositoryRoot,
      depsLockFilePath: path.join(repositoryRoot, 'package-lock.json'),
      description: props.description,
      role,
      runtime: props.runtime ?? lambda.Runtime.NODEJS_24_X,
      architecture: props.architecture ?? lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 256,
      timeout: props.timeout ?? Duration.seconds(10),
      tracing: props.tracing ?? lambda.Tracing.ACTIVE,
      logGroup: this.logGroup,
      // Log levels are filtered only in the JSON format; Powertools writes JSON lines either way.
      loggingFormat: lambda.LoggingFormat.JSON,
      applicationLogLevelV2: applicationLogLevel,
      systemLogLevelV2: props.systemLogLevel ?? lambda.SystemLogLevel.WARN,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      environment: {
        POWERTOOLS_SERVICE_NAME: props.serviceName ?? 'csms',
        POWERTOOLS_METRICS_NAMESPACE: props.metricsNamespace ?? 'Csms',
        POWERTOOLS_LOG_LEVEL: powertoolsLevel(applicationLogLevel),
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
      bundling: {
        format: OutputFormat.ESM,
        target: 'node24',
        mainFields: ['module', 'main'],
        minify: props.minify ?? true,
        sourceMap: true,
        banner: esmRequireShim,
        // The AWS SDK v3 is bundled rather than taken from the runtime: package-lock.json pins the versions the
        // code is tested with (the runtime's copy changes without notice), and a tree-shaken bundle loads faster
        // than resolving the runtime's full SDK packages.
        bundleAwsSDK: true,
        // Local esbuild (a devDependency), so synth works without Docker.
        forceDockerBundling: false,
      },
    });
  }
}
