import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { referencedFunctions, toCdkEventPattern } from '../../lib/constructs/event-workflows.ts';
import { workflowObservability } from '../../lib/constructs/workflow-observability.ts';
import {
  eventBusName,
  eventRules,
  functionPlaceholder,
  functions,
  stateMachines,
} from '../../shared/topology/index.ts';
import { actionsOfRole, logicalIdOf, statementsOfRole, synthesizeCsms } from './synth.ts';

describe('EventWorkflows', () => {
  const { template } = synthesizeCsms();
  const functionLogicalId = (id: keyof typeof functions): string =>
    logicalIdOf(template, 'AWS::Lambda::Function', { Description: functions[id].description });
  const machineLogicalId = (id: keyof typeof stateMachines): string =>
    logicalIdOf(template, 'AWS::StepFunctions::StateMachine', {
      DefinitionString: JSON.stringify(stateMachines[id].definition),
    });

  it('creates the bus, named after the stack and the topology', () => {
    // Assess
    template.resourceCountIs('AWS::Events::EventBus', 1);
    template.hasResourceProperties('AWS::Events::EventBus', { Name: `Csms-${eventBusName}` });
  });

  it('creates one rule per topology rule on the bus (schedules have rules of their own)', () => {
    // Assess
    expect(
      Object.keys(
        template.findResources('AWS::Events::Rule', { Properties: { EventBusName: Match.anyValue() } }),
      ),
    ).toHaveLength(eventRules.length);
  });

  const workflowRules = eventRules.flatMap((rule) =>
    'stateMachine' in rule.target ? [{ ...rule, target: rule.target }] : [],
  );

  it.each(workflowRules.map((rule) => [rule.id, rule] as const))(
    'rule %s matches its wire-format pattern on the bus and starts its state machine',
    (_id, rule) => {
      // Assess
      template.hasResourceProperties('AWS::Events::Rule', {
        Description: rule.description,
        EventBusName: { Ref: Match.stringLikeRegexp('^WorkflowsBus') },
        EventPattern: Match.objectEquals(rule.pattern as Record<string, unknown>),
        State: 'ENABLED',
        Targets: [
          Match.objectLike({
            Arn: { Ref: machineLogicalId(rule.target.stateMachine) },
            DeadLetterConfig: {
              Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^WorkflowsDeadLetterQueue'), 'Arn'] },
            },
            RoleArn: { 'Fn::GetAtt': [Match.anyValue(), 'Arn'] },
          }),
        ],
      });
    },
  );

  it('creates one state machine of the topology type per definition, logged and traced as the cost model prices', () => {
    // Assess
    expect(workflowObservability).toEqual({ tracing: false, logLevel: 'ERROR', includeExecutionData: false });
    template.resourceCountIs('AWS::StepFunctions::StateMachine', Object.keys(stateMachines).length);
    for (const id of Object.keys(stateMachines) as (keyof typeof stateMachines)[]) {
      template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
        DefinitionString: JSON.stringify(stateMachines[id].definition),
        StateMachineType: stateMachines[id].type,
        TracingConfiguration: { Enabled: workflowObservability.tracing },
        LoggingConfiguration: {
          Destinations: [
            { CloudWatchLogsLogGroup: { LogGroupArn: { 'Fn::GetAtt': [Match.anyValue(), 'Arn'] } } },
          ],
          IncludeExecutionData: workflowObservability.includeExecutionData,
          Level: workflowObservability.logLevel,
        },
      });
    }
  });

  it.each(Object.keys(stateMachines) as (keyof typeof stateMachines)[])(
    'state machine %s substitutes the ARNs of exactly the functions its definition references',
    (id) => {
      // Prepare
      const referenced = referencedFunctions(stateMachines[id].definition);

      // Assess
      expect(referenced.length).toBeGreaterThan(0);
      template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
        DefinitionString: JSON.stringify(stateMachines[id].definition),
        DefinitionSubstitutions: Match.objectEquals(
          Object.fromEntries(
            referenced.map((functionId) => [
              `fn:${functionId}`,
              { 'Fn::GetAtt': [functionLogicalId(functionId), 'Arn'] },
            ]),
          ),
        ),
      });
    },
  );

  it.each(Object.keys(stateMachines) as (keyof typeof stateMachines)[])(
    'state machine %s may invoke its functions and no other',
    (id) => {
      // Prepare
      const machine = template.findResources('AWS::StepFunctions::StateMachine')[machineLogicalId(id)] as {
        Properties: { RoleArn: { 'Fn::GetAtt': [string, string] } };
      };
      const role = machine.Properties.RoleArn['Fn::GetAtt'][0];
      const expected = referencedFunctions(stateMachines[id].definition).map(functionLogicalId);

      // Act
      const invokeStatements = statementsOfRole(template, role).filter((s) =>
        [s.Action].flat().some((action) => action.startsWith('lambda:')),
      );

      // Assess
      expect(actionsOfRole(template, role).filter((action) => action.startsWith('lambda:'))).toEqual([
        'lambda:InvokeFunction',
      ]);
      const invoked = new Set(
        invokeStatements
          .flatMap((s) => [s.Resource].flat())
          .map((resource) => JSON.stringify(resource).match(/"Fn::GetAtt":\["([^"]+)","Arn"\]/)?.[1]),
      );
      expect([...invoked].sort()).toEqual([...expected].sort());
    },
  );

  it('runs self-healing as a STANDARD machine that waits, logged under /aws/vendedlogs/', () => {
    // Assess
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineType: 'STANDARD',
      DefinitionString: Match.stringLikeRegexp(
        '"WaitForCharger":\\{"Type":"Wait","SecondsPath":"\\$\\.healing\\.seconds"',
      ),
    });
    const groups = Object.values(template.findResources('AWS::Logs::LogGroup')).map((group) =>
      JSON.stringify(group.Properties.LogGroupName ?? ''),
    );
    expect(groups.filter((name) => /vendedlogs\/states\/.*-selfHealing/.test(name))).toHaveLength(1);
  });

  it('starts self-healing on Faulted connector statuses of tenants with it on only, in the rule pattern', () => {
    // Assess
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['csms.ocpp'],
        'detail-type': ['ConnectorStatusChanged.v1'],
        detail: { status: ['Faulted'], selfHealing: [true] },
      },
      Targets: [Match.objectLike({ Arn: { Ref: machineLogicalId('selfHealing') } })],
    });
  });

  it('starts ghost detection on authorised session ends of tenants with self-healing on only', () => {
    // Assess
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['csms.ocpp'],
        'detail-type': ['TransactionEnded.v2'],
        detail: { idToken: [{ exists: true }], selfHealing: [true] },
      },
      Targets: [Match.objectLike({ Arn: { Ref: machineLogicalId('ghostDetection') } })],
    });
  });
});

describe('toCdkEventPattern', () => {
  it('renames detail-type and keeps the other fields', () => {
    // Prepare
    const pattern = { source: ['a'], 'detail-type': ['B.v1'], detail: { siteId: [{ exists: true }] } };

    // Act
    const converted = toCdkEventPattern(pattern);

    // Assess
    expect(converted).toEqual({
      source: ['a'],
      detailType: ['B.v1'],
      detail: { siteId: [{ exists: true }] },
    });
  });

  it('refuses a top-level field it does not know', () => {
    // Act
    const convert = () => toCdkEventPattern({ 'detail-typo': ['B.v1'] });

    // Assess
    expect(convert).toThrow(/detail-typo/);
  });
});

describe('referencedFunctions', () => {
  it('finds placeholders anywhere in a definition, once each', () => {
    // Prepare
    const definition = {
      StartAt: 'A',
      States: {
        A: { Type: 'Task', Resource: functionPlaceholder('api'), Next: 'B' },
        B: {
          Type: 'Parallel',
          Branches: [
            {
              StartAt: 'C',
              States: { C: { Type: 'Task', Resource: functionPlaceholder('api'), End: true } },
            },
          ],
          Next: 'D',
        },
        D: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Parameters: { FunctionName: functionPlaceholder('ws-connect') },
          End: true,
        },
      },
    };

    // Act
    const ids = referencedFunctions(definition);

    // Assess
    expect(ids).toEqual(['api', 'ws-connect']);
  });

  it('refuses an unknown function id', () => {
    // Prepare: concatenated, since `nope` is not a FunctionId that functionPlaceholder() would accept
    const unknownPlaceholder = '$' + '{fn:nope}';

    // Act
    const find = () => referencedFunctions({ States: { A: { Resource: unknownPlaceholder } } });

    // Assess
    expect(find).toThrow(/nope/);
  });
});
