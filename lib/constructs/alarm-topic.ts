import { CfnCondition, CfnParameter, Fn, Validations } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

export interface AlarmTopicProps {
  /**
   * Name of the stack parameter that takes an e-mail address to subscribe to the topic (empty: no subscription),
   * so an operator can choose it at `cdk deploy --parameters AlarmEmail=ops@example.com` without changing code.
   * @default 'AlarmEmail'
   */
  readonly emailParameterName?: string;
}

/**
 * The SNS topic every alarm of the stack notifies, with an optional e-mail subscription chosen at deploy time.
 * Other subscribers (a pager, a chat webhook) subscribe to `topic` outside the stack.
 */
export class AlarmTopic extends Construct {
  public readonly topic: sns.Topic;
  public readonly emailParameter: CfnParameter;

  constructor(scope: Construct, id: string, props: AlarmTopicProps = {}) {
    super(scope, id);
    // Publishing over plain HTTP is refused: only CloudWatch and TLS clients reach it.
    this.topic = new sns.Topic(this, 'Topic', { displayName: 'CSMS alarms', enforceSSL: true });
    // CloudWatch alarms cannot publish to a topic encrypted with the AWS-managed SNS key; a customer key would cost
    // $1 a month for messages that carry alarm names and metric values, no tenant or personal data.
    Validations.of(this.topic).acknowledge({
      id: 'AwsSolutions-SNS2',
      reason:
        'Alarm notifications carry no tenant data; CloudWatch cannot publish with the AWS-managed key, and a customer key costs $1/month',
    });

    this.emailParameter = new CfnParameter(scope, props.emailParameterName ?? 'AlarmEmail', {
      type: 'String',
      default: '',
      description:
        'E-mail address notified of every alarm (empty: none); the address confirms the subscription',
      allowedPattern: '^$|^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$',
      constraintDescription: 'an e-mail address, or empty',
    });
    const withEmail = new CfnCondition(this, 'WithEmail', {
      expression: Fn.conditionNot(Fn.conditionEquals(this.emailParameter.valueAsString, '')),
    });
    const subscription = new sns.CfnSubscription(this, 'EmailSubscription', {
      topicArn: this.topic.topicArn,
      protocol: 'email',
      endpoint: this.emailParameter.valueAsString,
    });
    subscription.cfnOptions.condition = withEmail;
  }
}
