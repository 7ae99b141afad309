import { App, Chart } from 'cdk8s';
import { ChartValue } from '../../src/helm';
import { GitBasicAuthSecret, SecretSource } from '../../src/secrets';

function chartWithValues(): Chart {
  return new Chart(new App({ resolvers: [ChartValue.resolver()] }), 'test', { namespace: 'ci' });
}

const source = SecretSource.fromExternalSecret({ store: 'vault', key: 'ci/git' });

describe('Tekton host annotations with chart values', () => {
  test('a host value is annotated with the scheme in front, and plain synth writes its default', () => {
    const chart = chartWithValues();
    const host = ChartValue.stringValue(chart, 'git.host', { defaultValue: 'gitlab.example.com' }).asString();
    const secret = new GitBasicAuthSecret(chart, 'Git', { source, gitHosts: [host, `https://${host}:8443`] });
    expect(secret.annotations['tekton.dev/git-0']).toBe(`https://${host}`);
    expect(chart.toJson()[0].spec.target.template.metadata.annotations).toEqual({
      'tekton.dev/git-0': 'https://gitlab.example.com',
      'tekton.dev/git-1': 'https://gitlab.example.com:8443',
    });
  });

  test('fails when the default of a host value carries a scheme', () => {
    const chart = chartWithValues();
    const host = ChartValue.stringValue(chart, 'git.host', { defaultValue: 'https://gitlab.example.com' }).asString();
    expect(() => new GitBasicAuthSecret(chart, 'Git', { source, gitHosts: [host] }))
      .toThrow(/\[test\/Git\] gitHosts\[0\]: "https:\/\/gitlab.example.com" is not allowed; a chart value here must be a bare host/);
  });

  test('fails when the hosts are one list value', () => {
    const chart = chartWithValues();
    const hosts = ChartValue.listValue(chart, 'git.hosts', { defaultValue: ['github.com'] }).asStringList();
    expect(() => new GitBasicAuthSecret(chart, 'Git', { source, gitHosts: hosts }))
      .toThrow(/\[test\/Git\] gitHosts: \["github.com"\] is not allowed; Tekton needs one annotation per host/);
  });

  test('fails when the default of a store value is not a DNS subdomain, and a good one reaches the ExternalSecret as a token', () => {
    const chart = chartWithValues();
    const store = ChartValue.stringValue(chart, 'git.store', { defaultValue: 'Vault Store' }).asString();
    expect(() => new GitBasicAuthSecret(chart, 'Git', { source: SecretSource.fromExternalSecret({ store, key: 'ci/git' }), gitHosts: ['github.com'] }))
      .toThrow(/\[test\/Git\] source.store: "Vault Store" is not allowed; must be a DNS-1123 subdomain.*\(this is the default of a chart value\)/);
    const good = ChartValue.stringValue(chart, 'git.goodStore', { defaultValue: 'vault' }).asString();
    new GitBasicAuthSecret(chart, 'Good', { source: SecretSource.fromExternalSecret({ store: good, key: 'ci/git' }), gitHosts: ['github.com'] });
    expect(chart.toJson()[0].spec.secretStoreRef.name).toBe('vault');
  });
});
