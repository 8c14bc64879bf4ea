import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { apiAuthRefusalMetrics } from '../../shared/handlers/refusal-metrics.ts';
import { synthesizeCsms } from './synth.ts';

type Resource = { Properties: Record<string, unknown>; Condition?: string };

describe('alarm notifications', () => {
  const { template } = synthesizeCsms();
  const topics = Object.keys(template.findResources('AWS::SNS::Topic'));
  const alarms = Object.entries(template.findResources('AWS::CloudWatch::Alarm') as Record<string, Resource>);

  it('has one alarm topic that every alarm notifies', () => {
    // Prepare
    expect(topics).toHaveLength(1);

    // Act
    const withoutTopic = alarms.filter(
      ([, alarm]) => !JSON.stringify(alarm.Properties.AlarmActions ?? []).includes(`"Ref":"${topics[0]}"`),
    );

    // Assess
    expect(alarms.length).toBeGreaterThan(5);
    expect(withoutTopic.map(([id]) => id)).toEqual([]);
  });

  it('refuses publishing over plain HTTP', () => {
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  it('subscribes the AlarmEmail parameter only when one is given', () => {
    // Prepare
    template.hasParameter('AlarmEmail', { Type: 'String', Default: '' });
    const subscriptions = Object.values(
      template.findResources('AWS::SNS::Subscription') as Record<string, Resource>,
    );

    // Act
    const [subscription] = subscriptions;
    const conditions = template.findConditions('*');

    // Assess
    expect(subscriptions).toHaveLength(1);
    expect(subscription?.Properties).toMatchObject({ Protocol: 'email', Endpoint: { Ref: 'AlarmEmail' } });
    expect(subscription?.Condition).toBeDefined();
    expect(conditions[subscription?.Condition as string]).toEqual({
      'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'AlarmEmail' }, ''] }],
    });
  });

  it('alarms when a call-queue wake lands in its dead-letter queue', () => {
    // Act
    const wakes = alarms.filter(([id]) => id.includes('CallQueueWakesDeadLetterMessages'));

    // Assess
    expect(wakes).toHaveLength(1);
    expect(wakes[0]?.[1].Properties).toMatchObject({
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
    });
  });

  it('shows refused API authentications on the dashboard', () => {
    // Prepare
    const [dashboard] = Object.values(
      template.findResources('AWS::CloudWatch::Dashboard') as Record<string, Resource>,
    );

    // Act
    const body = JSON.stringify(dashboard?.Properties.DashboardBody);

    // Assess
    for (const metricName of Object.values(apiAuthRefusalMetrics.metricNames))
      expect(body).toContain(metricName);
    expect(body).toContain('api-authorizer');
  });
});
