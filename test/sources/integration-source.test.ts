import { Duration, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { AwsAuth, DdbStreamIteratorType, Sink } from '../../src/eventing';
import { IntegrationInput, IntegrationSource } from '../../src/sources';

const sink = Sink.fromUri('https://sink.example.com');

function synth(input: IntegrationInput): any {
  const chart = Testing.chart();
  kplus.Secret.fromSecretName(chart, 'Creds', 'aws-creds');
  kplus.ServiceAccount.fromServiceAccountName(chart, 'Irsa', 'irsa');
  new IntegrationSource(chart, 'I', { metadata: { name: 'in' }, input, sink });
  return Testing.synth(chart)[0];
}

describe('IntegrationSource', () => {
  const secret = () => kplus.Secret.fromSecretName(Testing.chart(), 'S', 'aws-creds');

  test('writes a timer', () => {
    const obj = synth(IntegrationInput.timer({ message: '{"a":1}', period: Duration.seconds(5), contentType: 'application/json', repeatCount: 3 }));
    expect(obj).toEqual({
      apiVersion: 'sources.knative.dev/v1alpha1', kind: 'IntegrationSource', metadata: { name: 'in' },
      spec: { timer: { period: 5000, message: '{"a":1}', contentType: 'application/json', repeatCount: 3 }, sink: { uri: 'https://sink.example.com' } },
    });
  });

  test('writes an S3 bucket with a Secret and an endpoint override', () => {
    const obj = synth(IntegrationInput.awsS3({
      arn: 'arn:aws:s3:::orders', region: 'eu-west-1', auth: AwsAuth.fromSecret(secret()), endpointOverride: 'http://localstack:4566',
      prefix: 'in/', deleteAfterRead: false, pollDelay: Duration.seconds(2), maxMessagesPerPoll: 5,
    }));
    expect(obj.spec.aws).toEqual({
      s3: { arn: 'arn:aws:s3:::orders', region: 'eu-west-1', uriEndpointOverride: 'http://localstack:4566', overrideEndpoint: true, prefix: 'in/', deleteAfterRead: false, delay: 2000, maxMessagesPerPoll: 5 },
      auth: { secret: { ref: { name: 'aws-creds' } } },
    });
  });

  test('writes an SQS queue with a ServiceAccount', () => {
    const sa = kplus.ServiceAccount.fromServiceAccountName(Testing.chart(), 'SA', 'irsa');
    const obj = synth(IntegrationInput.awsSqs({ arn: 'orders', region: 'us-east-1', auth: AwsAuth.fromServiceAccount(sa), waitTime: Duration.seconds(20), visibilityTimeout: Duration.seconds(30) }));
    expect(obj.spec.aws).toEqual({ sqs: { arn: 'orders', region: 'us-east-1', waitTimeSeconds: 20, visibilityTimeout: 30 }, auth: { serviceAccountName: 'irsa' } });
  });

  test('writes a DynamoDB stream', () => {
    const obj = synth(IntegrationInput.awsDdbStreams({ table: 'orders', region: 'eu-west-1', auth: AwsAuth.fromSecret(secret()), streamIteratorType: DdbStreamIteratorType.FROM_START }));
    expect(obj.spec.aws).toEqual({ ddbStreams: { table: 'orders', region: 'eu-west-1', streamIteratorType: 'FROM_START' }, auth: { secret: { ref: { name: 'aws-creds' } } } });
  });

  const fails = (input: IntegrationInput) => () => new IntegrationSource(Testing.chart(), 'I', { input, sink });

  test('fails when the input is not an IntegrationInput', () => {
    expect(() => new IntegrationSource(Testing.chart(), 'I', { input: {} as IntegrationInput, sink })).toThrow(/\[test\/I\] input: \{\} is not allowed; use IntegrationInput\.timer\(\)/);
  });
  test('fails when the timer period is under 1 ms', () => {
    expect(fails(IntegrationInput.timer({ message: 'x', period: Duration.millis(0) }))).toThrow(/\[test\/I\] input\.timer\.period: "0ms" is not allowed; must be at least 1ms/);
  });
  test('fails when the timer message is not JSON with contentType application/json', () => {
    expect(fails(IntegrationInput.timer({ message: 'x', contentType: 'application/json' }))).toThrow(/\[test\/I\] input\.timer\.message: "x" is not allowed; with contentType application\/json/);
  });
  test('fails when repeatCount is 0', () => {
    expect(fails(IntegrationInput.timer({ message: 'x', repeatCount: 0 }))).toThrow(/\[test\/I\] input\.timer\.repeatCount: 0 is not allowed/);
  });
  test('fails when the region is not an AWS region', () => {
    expect(fails(IntegrationInput.awsS3({ arn: 'b', region: 'Europe', auth: AwsAuth.fromSecret(secret()) }))).toThrow(/\[test\/I\] input\.awsS3\.region: "Europe" is not allowed; must be an AWS region code/);
  });
  test('fails when the arn is blank', () => {
    expect(fails(IntegrationInput.awsSqs({ arn: ' ', region: 'eu-west-1', auth: AwsAuth.fromSecret(secret()) }))).toThrow(/\[test\/I\] input\.awsSqs\.arn: " " is not allowed/);
  });
  test('fails when auth is missing', () => {
    expect(fails(IntegrationInput.awsSqs({ arn: 'q', region: 'eu-west-1', auth: undefined as unknown as AwsAuth }))).toThrow(/\[test\/I\] input\.awsSqs\.auth: undefined is not allowed; use AwsAuth\.fromSecret\(\)/);
  });
  test('fails when maxMessagesPerPoll of SQS is above 10', () => {
    expect(fails(IntegrationInput.awsSqs({ arn: 'q', region: 'eu-west-1', auth: AwsAuth.fromSecret(secret()), maxMessagesPerPoll: 11 }))).toThrow(/maxMessagesPerPoll: 11 is not allowed; must be an integer from 1 to 10/);
  });
  test('fails when waitTime is above 20 s', () => {
    expect(fails(IntegrationInput.awsSqs({ arn: 'q', region: 'eu-west-1', auth: AwsAuth.fromSecret(secret()), waitTime: Duration.seconds(21) }))).toThrow(/waitTime: "21000ms" is not allowed; must be whole seconds from 0 to 20/);
  });
  test('fails when moveAfterRead has no destination bucket', () => {
    expect(fails(IntegrationInput.awsS3({ arn: 'b', region: 'eu-west-1', auth: AwsAuth.fromSecret(secret()), moveAfterRead: true }))).toThrow(/input\.awsS3\.destinationBucket: undefined is not allowed/);
  });
  test('fails when the endpoint override is not absolute', () => {
    expect(fails(IntegrationInput.awsS3({ arn: 'b', region: 'eu-west-1', auth: AwsAuth.fromSecret(secret()), endpointOverride: 'localstack' }))).toThrow(/endpointOverride: "localstack" is not allowed/);
  });
  test('fails when the DynamoDB table is missing', () => {
    expect(fails(IntegrationInput.awsDdbStreams({ table: '', region: 'eu-west-1', auth: AwsAuth.fromSecret(secret()) }))).toThrow(/input\.awsDdbStreams\.table: "" is not allowed; name the DynamoDB table/);
  });
});
