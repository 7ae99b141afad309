import { Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Sink } from '../../src/eventing';
import { GitHubEventType, GitHubSource } from '../../src/sources';

const sink = Sink.fromUri('https://sink.example.com');

describe('GitHubSource', () => {
  test('writes repository, events, secrets, sink and overrides', () => {
    const chart = Testing.chart();
    const secret = kplus.Secret.fromSecretName(chart, 'S', 'github');
    new GitHubSource(chart, 'G', {
      metadata: { name: 'repo' },
      ownerAndRepository: 'knative/docs',
      eventTypes: [GitHubEventType.PULL_REQUEST, GitHubEventType.PUSH],
      accessToken: { secret, key: 'accessToken' },
      secretToken: { secret, key: 'secretToken' },
      githubApiUrl: 'https://github.example.com/api/v3/',
      secure: true,
      serviceAccount: kplus.ServiceAccount.fromServiceAccountName(chart, 'Sa', 'gh'),
      sink,
      ceOverrides: { repo: 'docs' },
    });
    expect(Testing.synth(chart)[0]).toEqual({
      apiVersion: 'sources.knative.dev/v1alpha1',
      kind: 'GitHubSource',
      metadata: { name: 'repo' },
      spec: {
        ownerAndRepository: 'knative/docs',
        eventTypes: ['pull_request', 'push'],
        accessToken: { secretKeyRef: { name: 'github', key: 'accessToken' } },
        secretToken: { secretKeyRef: { name: 'github', key: 'secretToken' } },
        githubAPIURL: 'https://github.example.com/api/v3/',
        secure: true,
        serviceAccountName: 'gh',
        sink: { uri: 'https://sink.example.com' },
        ceOverrides: { extensions: { repo: 'docs' } },
      },
    });
  });

  function props(chart: any) {
    const secret = kplus.Secret.fromSecretName(chart, 'S', 'github');
    return { ownerAndRepository: 'org', eventTypes: [GitHubEventType.ISSUES], accessToken: { secret, key: 'a' }, secretToken: { secret, key: 's' }, sink };
  }

  test('an organization alone is accepted', () => {
    const chart = Testing.chart();
    new GitHubSource(chart, 'G', props(chart));
    expect(Testing.synth(chart)[0].spec.ownerAndRepository).toBe('org');
  });

  test('fails when the repository has a space', () => {
    const chart = Testing.chart();
    expect(() => new GitHubSource(chart, 'G', { ...props(chart), ownerAndRepository: 'my org/repo' }))
      .toThrow(/\[test\/G\] ownerAndRepository: "my org\/repo" is not allowed; must be "owner\/repository" or "owner"/);
  });

  test('fails when no event type is listed', () => {
    const chart = Testing.chart();
    expect(() => new GitHubSource(chart, 'G', { ...props(chart), eventTypes: [] })).toThrow(/\[test\/G\] eventTypes: \[\] is not allowed; list at least one GitHubEventType/);
  });

  test('fails when an event type is unknown', () => {
    const chart = Testing.chart();
    expect(() => new GitHubSource(chart, 'G', { ...props(chart), eventTypes: ['tag' as GitHubEventType] })).toThrow(/\[test\/G\] eventTypes\[0\]: "tag" is not allowed; must be a GitHubEventType/);
  });

  test('fails when the API URL is relative', () => {
    const chart = Testing.chart();
    expect(() => new GitHubSource(chart, 'G', { ...props(chart), githubApiUrl: '/api' })).toThrow(/\[test\/G\] githubApiUrl: "\/api" is not allowed; must be an absolute URL/);
  });
});
