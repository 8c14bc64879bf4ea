import { type CfnElement, Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { referencedFunctions } from '../../lib/constructs/event-workflows.ts';
import { fixedResources } from '../../scripts/cost/assumptions.ts';
import { webhookDeliveryMetrics } from '../../shared/slices/webhooks/model.ts';
import { type functions, stateMachines } from '../../shared/topology/index.ts';
import { synthesizeCsms } from './synth.ts';

type Resource = { Properties: Record<string, unknown> };
type Widget = {
  type: string;
  properties: { markdown?: string; title?: string; metrics?: unknown[][]; annotations?: unknown };
};

/** The dashboard's widgets, with each reference to a resource written as `<logicalId>`. */
const widgetsOf = (body: unknown): Widget[] => {
  const {
    'Fn::Join': [, parts],
  } = body as { 'Fn::Join': [string, unknown[]] };
  const text = parts
    .map((part) => {
      if (typeof part === 'string') return part;
      const ref = part as { Ref?: string; 'Fn::GetAtt'?: [string, string] };
      return `<${ref.Ref ?? ref['Fn::GetAtt']?.[0]}>`;
    })
    .join('');
  return (JSON.parse(text) as { widgets: Widget[] }).widgets;
};

/** The metric names and dimension values of a graph widget's metric rows (`[namespace, name, ...dims, opts]`). */
const rowsOf = (widget: Widget | undefined): string[][] =>
  (widget?.properties.metrics ?? []).map((row) => row.filter((cell) => typeof cell === 'string') as string[]);

describe('operations dashboard', () => {
  const { stack, template } = synthesizeCsms();
  const logicalId = (construct: IConstruct): string =>
    Stack.of(construct).getLogicalId(construct.node.defaultChild as CfnElement);
  const [dashboard] = Object.values(
    template.findResources('AWS::CloudWatch::Dashboard') as Record<string, Resource>,
  );
  const widgets = widgetsOf(dashboard?.Properties.DashboardBody);
  const alarms = Object.entries(template.findResources('AWS::CloudWatch::Alarm') as Record<string, Resource>);
  const functionId = (id: keyof typeof functions): string => logicalId(stack.functions[id].function);
  const widgetTitled = (title: string): Widget | undefined =>
    widgets.find((widget) => widget.properties.title === title);

  it.each(Object.entries(stateMachines))('gives workflow %s a section of its own', (name, spec) => {
    // Prepare
    const machine = logicalId(stack.workflows.stateMachines[name as keyof typeof stateMachines]);

    // Act
    const header = widgets.find((widget) => widget.properties.markdown === `### Workflow ${name}`);
    const executions = rowsOf(widgetTitled(`${name}: executions`));
    const duration = rowsOf(widgetTitled(`${name}: duration p99 (ms)`));
    const taskErrors = rowsOf(widgetTitled(`${name}: task function errors`));

    // Assess
    expect(header).toBeDefined();
    expect(executions).toEqual(
      ['ExecutionsStarted', 'ExecutionsSucceeded', 'ExecutionsFailed', 'ExecutionsTimedOut'].map((metric) => [
        'AWS/States',
        metric,
        'StateMachineArn',
        `<${machine}>`,
      ]),
    );
    expect(duration).toEqual([['AWS/States', 'ExecutionTime', 'StateMachineArn', `<${machine}>`]]);
    expect(taskErrors).toEqual(
      referencedFunctions(spec.definition).map((task) => [
        'AWS/Lambda',
        'Errors',
        'FunctionName',
        `<${functionId(task)}>`,
      ]),
    );
  });

  it('shows webhook attempts by outcome, their success rate and the oldest waiting attempt', () => {
    // Prepare
    const queue = logicalId(stack.sliceQueues['webhook-deliveries'].queue);
    const outcomeRows = webhookDeliveryMetrics.outcomes.map((outcome) => [
      'Csms',
      'WebhookDeliveries',
      'outcome',
      outcome,
      'service',
      'webhook-delivery',
    ]);

    // Act
    const byOutcome = rowsOf(widgetTitled('Webhooks: attempts by outcome'));
    const rate = widgetTitled('Webhooks: success rate of attempts (%)')?.properties.metrics ?? [];
    const oldest = rowsOf(widgetTitled('Webhooks: age of the oldest undelivered attempt (s)'));

    // Assess
    expect(byOutcome).toEqual(outcomeRows);
    expect(JSON.stringify(rate[0])).toContain(
      '100 * FILL(delivered, 0) / (FILL(delivered, 0) + FILL(retrying, 0) + FILL(deadLettered, 0))',
    );
    expect(rate.slice(1).map((row) => row.filter((cell) => typeof cell === 'string'))).toEqual(outcomeRows);
    expect(oldest).toEqual([['AWS/SQS', 'ApproximateAgeOfOldestMessage', 'QueueName', `<${queue}>`]]);
  });

  it('alarms on a delivery attempt waiting over an hour and on dead-lettered deliveries', () => {
    // Act
    const byId = (part: string) => alarms.filter(([id]) => id.includes(part)).map(([, alarm]) => alarm);
    const [backlog] = byId('WebhookDeliveryBacklog');
    const [deadLettered] = byId('WebhookDeadLetteredDeliveries');

    // Assess
    expect(backlog?.Properties).toMatchObject({
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateAgeOfOldestMessage',
      Statistic: 'Maximum',
      Threshold: 3600,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
    });
    expect(deadLettered?.Properties).toMatchObject({
      Namespace: 'Csms',
      MetricName: 'WebhookDeliveries',
      Dimensions: expect.arrayContaining([
        { Name: 'outcome', Value: 'dead-lettered' },
        { Name: 'service', Value: 'webhook-delivery' },
      ]),
      Statistic: 'Sum',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
  });

  it('has as many alarm metrics as the cost model prices', () => {
    // Act: CloudWatch bills each metric an alarm reads; a metric-math alarm reads each metric of its expression.
    const metricsRead = alarms.reduce((total, [, alarm]) => {
      const math = alarm.Properties.Metrics as { MetricStat?: unknown }[] | undefined;
      return total + (math === undefined ? 1 : math.filter((metric) => metric.MetricStat).length);
    }, 0);

    // Assess
    expect(metricsRead).toBe(fixedResources().alarmMetrics);
  });
});
