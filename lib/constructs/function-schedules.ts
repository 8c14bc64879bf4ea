import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import type { Schedule } from '../../shared/topology/schedules.ts';

export interface FunctionSchedulesProps {
  /** The slices' schedules, by schedule id (the topology's `schedules`). */
  readonly schedules: Readonly<Record<string, Schedule>>;
  /** The function of each schedule's `function` id. */
  readonly functionOf: (functionId: Schedule['function']) => lambda.IFunction;
  /**
   * Retries of a failed asynchronous invocation, by EventBridge; the next run catches up anyway.
   * @default 2
   */
  readonly retryAttempts?: number;
}

/**
 * One EventBridge rule per schedule on the default bus (schedule expressions need it), `rate(n minutes)`,
 * targeting its function. Runs that fail are retried a few times and then dropped: each run redoes what the
 * last one missed.
 */
export class FunctionSchedules extends Construct {
  public readonly rules: Record<string, events.Rule> = {};

  public constructor(scope: Construct, id: string, props: FunctionSchedulesProps) {
    super(scope, id);
    for (const [scheduleId, schedule] of Object.entries(props.schedules)) {
      this.rules[scheduleId] = new events.Rule(this, scheduleId, {
        description: schedule.description,
        schedule: events.Schedule.rate(Duration.minutes(schedule.rateMinutes)),
        targets: [
          new targets.LambdaFunction(props.functionOf(schedule.function), {
            retryAttempts: props.retryAttempts ?? 2,
            maxEventAge: Duration.minutes(schedule.rateMinutes),
          }),
        ],
      });
    }
  }
}
