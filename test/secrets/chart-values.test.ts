import { App, Chart } from 'cdk8s';
import { ChartValue } from '../../src/helm';
import { GitBasicAuthSecret, SecretSource } from '../../src/secrets';
import { messageOf } from '../core/thrown';

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

  test('fails when the default of a host value is no host, with the note every check of a default ends with', () => {
    const chart = chartWithValues();
    const host = ChartValue.stringValue(chart, 'git.host', { defaultValue: 'gitlab.example.com:99999' }).asString();
    expect(messageOf(() => new GitBasicAuthSecret(chart, 'Git', { source, gitHosts: [host] })))
      .toBe('[test/Git] gitHosts[0]: "gitlab.example.com:99999" is not allowed; must be a registry or git host such as "github.com", "ghcr.io:443" '
        + 'or "https://gitlab.example.com" (this is the default of a chart value)');
  });

  test('fails when the default of a host value has a scheme, with the note every check of a default ends with', () => {
    const chart = chartWithValues();
    const host = ChartValue.stringValue(chart, 'git.host', { defaultValue: 'https://gitlab.example.com' }).asString();
    expect(messageOf(() => new GitBasicAuthSecret(chart, 'Git', { source, gitHosts: [host] })))
      .toBe('[test/Git] gitHosts[0]: "https://gitlab.example.com" is not allowed; a chart value here must be a bare host such as "github.com" or "ghcr.io:443" '
        + '(no scheme or path: the chart cannot take them off at install) (this is the default of a chart value)');
  });

  test('fails without the note when a plain host is no host', () => {
    const chart = chartWithValues();
    expect(messageOf(() => new GitBasicAuthSecret(chart, 'Git', { source, gitHosts: ['gitlab.example.com:99999'] })))
      .toBe('[test/Git] gitHosts[0]: "gitlab.example.com:99999" is not allowed; must be a registry or git host such as "github.com", "ghcr.io:443" '
        + 'or "https://gitlab.example.com"');
  });
});
