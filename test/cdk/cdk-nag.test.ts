import { type App, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { CsmsStack, type CsmsStackProps } from '../../lib/csms-stack.ts';
import { appWithoutBundling } from './synth.ts';

/**
 * cdk-nag's AwsSolutions pack over the whole stack. cdk-nag 3 reports through CDK's policy validation rather
 * than annotations, so the pack runs on the stack directly (`validateScope`) and every unacknowledged finding,
 * error or warning, fails here with its rule and construct path. Each acknowledgment sits next to the code that
 * causes it, with its reason.
 */
const nag = (app: App, stack: Stack) => {
  const report = new AwsSolutionsChecks(app).validateScope(stack);
  const findings = report.violations.flatMap((violation) =>
    violation.violatingResources.map(
      (resource) => `${violation.severity} ${violation.ruleName} at ${resource.constructPath}`,
    ),
  );
  const annotations = Annotations.fromStack(stack);
  return {
    findings,
    errors: annotations.findError('*', Match.anyValue()),
    warnings: annotations.findWarning('*', Match.anyValue()),
  };
};

const nagCsms = (props: CsmsStackProps) => {
  const app = appWithoutBundling();
  return nag(app, new CsmsStack(app, 'Csms', props));
};

/** A stack in us-east-1 with a charger domain of its own, whose certificate lifts the viewer policy to TLS 1.2. */
const nagWithChargerDomain = () => {
  const app = appWithoutBundling();
  const env = { region: 'us-east-1' };
  const certificates = new Stack(app, 'Certificates', { env });
  const certificate = new Certificate(certificates, 'Certificate', { domainName: 'chargers.example.com' });
  const stack = new CsmsStack(app, 'Csms', {
    env,
    chargerDomain: { domainName: 'chargers.example.com', certificate },
  });
  return { ...nag(app, stack), stack };
};

describe('cdk-nag AwsSolutions', () => {
  const cases = {
    'default props': nagCsms({}),
    'reservations on, account logging role left out': nagCsms({
      reservedConcurrency: true,
      setApiGatewayAccountCloudWatchRole: false,
    }),
    'a charger domain of its own': nagWithChargerDomain(),
  };

  it.each(Object.entries(cases))('leaves no error or warning unacknowledged (%s)', (_name, result) => {
    // Assess
    expect(result.findings).toEqual([]);
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
  });

  it('acknowledges the TLSv1 viewer policy only on the default certificate', () => {
    // Act
    const metadata = JSON.stringify(
      cases['a charger domain of its own'].stack.gateway.distribution.node.metadata,
    );

    // Assess
    expect(metadata).not.toContain('AwsSolutions-CFR4');
    expect(metadata).toContain('AwsSolutions-CFR1');
  });
});
