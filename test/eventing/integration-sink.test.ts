import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { AwsAuth, IntegrationOutput, IntegrationSink } from '../../src/eventing';

function synth(output: IntegrationOutput): any {
  const chart = new Chart(Testing.app(), 'c', { namespace: 'shop' });
  kplus.Secret.fromSecretName(chart, 'Creds', 'aws-creds');
  new IntegrationSink(chart, 'I', { metadata: { name: 'out' }, output });
  return Testing.synth(chart)[0];
}

describe('IntegrationSink', () => {
  const auth = () => AwsAuth.fromSecret(kplus.Secret.fromSecretName(Testing.chart(), 'S', 'aws-creds'));

  test('writes a log sink', () => {
    expect(synth(IntegrationOutput.log({ level: 'DEBUG', showHeaders: true }))).toEqual({
      apiVersion: 'sinks.knative.dev/v1alpha1', kind: 'IntegrationSink', metadata: { name: 'out', namespace: 'shop' },
      spec: { log: { level: 'DEBUG', showHeaders: true } },
    });
    expect(synth(IntegrationOutput.log()).spec).toEqual({ log: {} });
  });

  test('writes S3, SQS and SNS outputs', () => {
    expect(synth(IntegrationOutput.awsS3({ arn: 'arn:aws:s3:::archive', region: 'eu-west-1', auth: auth(), autoCreateBucket: true })).spec)
      .toEqual({ aws: { s3: { arn: 'arn:aws:s3:::archive', region: 'eu-west-1', autoCreateBucket: true }, auth: { secret: { ref: { name: 'aws-creds' } } } } });
    expect(synth(IntegrationOutput.awsSqs({ arn: 'q', region: 'eu-west-1', auth: auth() })).spec.aws.sqs).toEqual({ arn: 'q', region: 'eu-west-1' });
    expect(synth(IntegrationOutput.awsSns({ arn: 'alerts', region: 'eu-west-1', auth: auth(), autoCreateTopic: true })).spec.aws.sns)
      .toEqual({ arn: 'alerts', region: 'eu-west-1', autoCreateTopic: true });
  });

  test('is a sink: a reference to it', () => {
    const chart = new Chart(Testing.app(), 'c', { namespace: 'shop' });
    const sink = new IntegrationSink(chart, 'I', { metadata: { name: 'out' }, output: IntegrationOutput.log() });
    expect(sink.toDestination()).toEqual({ reference: { apiVersion: 'sinks.knative.dev/v1alpha1', kind: 'IntegrationSink', name: 'out', namespaceName: 'shop' } });
  });

  test('fails when the output is not an IntegrationOutput', () => {
    expect(() => new IntegrationSink(Testing.chart(), 'I', { output: undefined as unknown as IntegrationOutput })).toThrow(/\[test\/I\] output: undefined is not allowed; use IntegrationOutput\.log\(\)/);
  });
  test('fails when the log level is unknown', () => {
    expect(() => new IntegrationSink(Testing.chart(), 'I', { output: IntegrationOutput.log({ level: 'info' }) })).toThrow(/\[test\/I\] output\.log\.level: "info" is not allowed; must be one of TRACE, DEBUG, INFO, WARN, ERROR, OFF/);
  });
  test('fails when the logger name has spaces', () => {
    expect(() => new IntegrationSink(Testing.chart(), 'I', { output: IntegrationOutput.log({ loggerName: 'my log' }) })).toThrow(/\[test\/I\] output\.log\.loggerName: "my log" is not allowed/);
  });
  test('fails when the SNS topic has no region', () => {
    expect(() => new IntegrationSink(Testing.chart(), 'I', { output: IntegrationOutput.awsSns({ arn: 'a', region: '', auth: auth() }) })).toThrow(/\[test\/I\] output\.awsSns\.region: "" is not allowed; name the AWS region/);
  });
});
