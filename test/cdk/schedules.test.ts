import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { functions, schedules } from '../../shared/topology/index.ts';
import { logicalIdOf, synthesizeCsms } from './synth.ts';

describe('FunctionSchedules', () => {
  const { template } = synthesizeCsms();
  const functionLogicalId = (id: keyof typeof functions): string =>
    logicalIdOf(template, 'AWS::Lambda::Function', { Description: functions[id].description });

  it('declares the liveness sweep every 5 minutes', () => {
    // Assess
    expect(schedules.sweepSilentChargers).toMatchObject({
      function: 'sweep-silent-chargers',
      rateMinutes: 5,
    });
  });

  it.each(Object.entries(schedules))(
    'schedule %s: a rate rule on the default bus invoking its function, with retries bounded',
    (_id, schedule) => {
      // Assess
      template.hasResourceProperties('AWS::Events::Rule', {
        Description: schedule.description,
        ScheduleExpression: `rate(${schedule.rateMinutes} minute${schedule.rateMinutes === 1 ? '' : 's'})`,
        State: 'ENABLED',
        EventBusName: Match.absent(),
        Targets: [
          Match.objectLike({
            Arn: { 'Fn::GetAtt': [functionLogicalId(schedule.function), 'Arn'] },
            RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: schedule.rateMinutes * 60 },
          }),
        ],
      });
    },
  );

  it.each(Object.entries(schedules))('schedule %s may invoke its function, nothing else', (_id, schedule) => {
    // Prepare
    const ruleId = logicalIdOf(template, 'AWS::Events::Rule', { Description: schedule.description });
    // Assess
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: 'events.amazonaws.com',
      FunctionName: { 'Fn::GetAtt': [functionLogicalId(schedule.function), 'Arn'] },
      SourceArn: { 'Fn::GetAtt': [ruleId, 'Arn'] },
    });
  });

  it('gives the sweep what it needs: the table read (tenant listing), the tenant role, the bus, closing sockets', () => {
    // Assess
    expect(functions['sweep-silent-chargers'].access).toEqual({
      table: 'read',
      tenantData: true,
      publishEvents: true,
      manageConnections: ['DELETE'],
    });
  });
});
