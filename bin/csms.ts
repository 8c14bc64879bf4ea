import { App } from 'aws-cdk-lib';
import { CsmsStack } from '../lib/csms-stack.ts';

const app = new App();

// Environment-agnostic: synth needs no account, region or credentials; the deploy target comes from the CLI
// profile. Nothing here looks up the account (no VPC or hosted-zone lookups).
new CsmsStack(app, 'Csms', {
  description: 'Serverless multi-tenant EV charging CSMS (OCPP 1.6J / 2.0.1)',
});
