import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { describe, expect, it } from 'vitest';
import { FilesBucket } from '../../lib/constructs/files-bucket.ts';
import { configEnv } from '../../shared/config.ts';
import { functions } from '../../shared/topology/index.ts';
import { actionsOfRole, logicalIdOf, roleOfFunction, statementsOfRole, synthesizeCsms } from './synth.ts';

describe('FilesBucket in the stack', () => {
  const { template } = synthesizeCsms();
  const bucketId = Object.keys(template.findResources('AWS::S3::Bucket'))[0]!;
  const functionLogicalId = (id: keyof typeof functions): string =>
    logicalIdOf(template, 'AWS::Lambda::Function', { Description: functions[id].description });

  it('has exactly one bucket: encrypted, private, ACLs off, not versioned', () => {
    // Assess
    template.resourceCountIs('AWS::S3::Bucket', 1);
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      VersioningConfiguration: Match.absent(),
    });
  });

  it('expires files after 30 days and abandoned multipart uploads after one', () => {
    // Assess
    template.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: {
        Rules: [
          {
            Id: 'ExpireChargerFiles',
            Status: 'Enabled',
            ExpirationInDays: 30,
            AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
          },
        ],
      },
    });
  });

  it('is retained when the stack goes away', () => {
    // Assess
    template.hasResource('AWS::S3::Bucket', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });

  it('refuses every request that is not over TLS', () => {
    // Assess
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucketId },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 's3:*',
            Principal: { AWS: '*' },
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  it('lets the API function get and put objects, and nothing else of S3', () => {
    // Act
    const statements = statementsOfRole(template, roleOfFunction(template, functionLogicalId('api'))).filter(
      (statement) => JSON.stringify(statement.Action).includes('s3:'),
    );

    // Assess
    expect(statements).toEqual([
      {
        Effect: 'Allow',
        Action: ['s3:GetObject', 's3:PutObject'],
        Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, '/*']] },
      },
    ]);
  });

  it.each(Object.keys(functions).filter((id) => id !== 'api'))('gives %s no S3 access', (id) => {
    // Act
    const actions = actionsOfRole(
      template,
      roleOfFunction(template, functionLogicalId(id as keyof typeof functions)),
    );

    // Assess
    expect(actions.filter((action) => action.startsWith('s3:'))).toEqual([]);
  });

  it('tells the functions the bucket name and outputs it', () => {
    // Assess
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: functions.api.description,
      Environment: { Variables: Match.objectLike({ [configEnv.filesBucket]: { Ref: bucketId } }) },
    });
    template.hasOutput('FilesBucketName', { Value: { Ref: bucketId } });
  });
});

describe('FilesBucket construct', () => {
  it('can be made disposable with a shorter expiry', () => {
    // Prepare
    const stack = new Stack();

    // Act
    new FilesBucket(stack, 'Files', { removalPolicy: RemovalPolicy.DESTROY, expiration: Duration.days(7) });

    // Assess
    const template = Template.fromStack(stack);
    template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Delete',
      Properties: Match.objectLike({
        LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 7 })] },
      }),
    });
  });

  it('grants transfers to any grantee on the objects only', () => {
    // Prepare
    const stack = new Stack();
    const files = new FilesBucket(stack, 'Files');
    const role = new iam.Role(stack, 'Signer', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    });

    // Act
    files.grantTransfers(role);

    // Assess
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          {
            Effect: 'Allow',
            Action: ['s3:GetObject', 's3:PutObject'],
            Resource: {
              'Fn::Join': ['', [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^FilesBucket'), 'Arn'] }, '/*']],
            },
          },
        ],
      },
    });
  });
});
