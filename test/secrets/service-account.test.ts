import { Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { GitBasicAuthSecret, GitSshSecret, OpaqueSecret, RegistrySecret, SecretSource, ServiceAccount, TlsSecret } from '../../src/secrets';

function credentials(chart: ReturnType<typeof Testing.chart>) {
  return {
    registry: new RegistrySecret(chart, 'Registry', {
      metadata: { name: 'ghcr' }, registries: ['ghcr.io'], source: SecretSource.fromExternalSecret({ store: 'vault', key: 'ghcr' }),
    }),
    git: new GitSshSecret(chart, 'Git', { gitHosts: ['github.com'], source: SecretSource.fromExisting('git-ssh') }),
  };
}

describe('ServiceAccount', () => {
  test('carries image pull secrets and build credentials, without an API token by default', () => {
    const chart = Testing.chart();
    const { registry, git } = credentials(chart);
    new ServiceAccount(chart, 'Builder', {
      metadata: { name: 'builder', namespace: 'builds' },
      imagePullSecrets: [registry],
      buildCredentials: [git, registry],
    });
    const sa = Testing.synth(chart).find(o => o.kind === 'ServiceAccount');
    expect(sa).toEqual({
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'builder', namespace: 'builds' },
      automountServiceAccountToken: false,
      imagePullSecrets: [{ name: 'ghcr' }],
      secrets: [{ name: 'git-ssh' }, { name: 'ghcr' }],
    });
  });

  test('the token can be mounted when asked, and secrets added later', () => {
    const chart = Testing.chart();
    const { registry } = credentials(chart);
    const sa = new ServiceAccount(chart, 'Sa', { automountServiceAccountToken: true });
    sa.addImagePullSecret(registry);
    const out = Testing.synth(chart).find(o => o.kind === 'ServiceAccount');
    expect(out.automountServiceAccountToken).toBe(true);
    expect(out.imagePullSecrets).toEqual([{ name: 'ghcr' }]);
    expect(out.secrets).toBeUndefined();
    expect(sa.imagePullSecrets.map(s => s.name)).toEqual(['ghcr']);
  });

  test('is a cdk8s-plus IServiceAccount that roles can be bound to', () => {
    const chart = Testing.chart();
    const sa = new ServiceAccount(chart, 'Sa', { metadata: { name: 'app', namespace: 'apps' } });
    const role = new kplus.Role(chart, 'Role');
    role.allowRead(kplus.ApiResource.CONFIG_MAPS);
    role.bind(sa);
    const binding = Testing.synth(chart).find(o => o.kind === 'RoleBinding');
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'app', apiGroup: '', namespace: 'apps' }]);
    const dep = new kplus.Deployment(chart, 'Dep', { serviceAccount: sa, containers: [{ image: 'nginx' }] });
    expect(dep.serviceAccount).toBe(sa);
  });

  test('fromServiceAccountName refers to an existing account', () => {
    const chart = Testing.chart();
    const sa = ServiceAccount.fromServiceAccountName(chart, 'Default', 'default', { namespaceName: 'apps' });
    expect(sa.toSubjectConfiguration()).toEqual({ kind: 'ServiceAccount', name: 'default', apiGroup: '', namespace: 'apps' });
    expect(Testing.synth(chart)).toEqual([]);
  });

  test('fails when an image pull secret is not a registry secret', () => {
    const chart = Testing.chart();
    const tls = new TlsSecret(chart, 'Tls', { source: SecretSource.fromExisting('cert') });
    const sa = new ServiceAccount(chart, 'Sa');
    expect(() => sa.addImagePullSecret(tls))
      .toThrow(/\[test\/Sa\] imagePullSecrets: "cert" is not allowed; must be a kubernetes.io\/dockerconfigjson Secret \(a RegistrySecret\), not kubernetes.io\/tls/);
  });

  test('fails when a build credential is not a git or registry credential', () => {
    const chart = Testing.chart();
    const opaque = new OpaqueSecret(chart, 'Api', { source: SecretSource.fromExisting('api') });
    expect(() => new ServiceAccount(chart, 'Sa', { buildCredentials: [opaque] }))
      .toThrow(/\[test\/Sa\] buildCredentials: "api" is not allowed; must be a git or registry credential/);
  });

  test('fails when a secret is added twice', () => {
    const chart = Testing.chart();
    const git = new GitBasicAuthSecret(chart, 'Git', { gitHosts: ['github.com'], source: SecretSource.fromExisting('git') });
    const sa = new ServiceAccount(chart, 'Sa', { buildCredentials: [git] });
    expect(() => sa.addBuildCredential(git)).toThrow(/\[test\/Sa\] buildCredentials: "git" is not allowed; each Secret may be added once/);
  });
});
