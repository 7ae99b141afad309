import { Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { ITypedSecret } from '../../src/core/typed-secret';
import { GitBasicAuthSecret, GitSshSecret, OpaqueSecret, RegistrySecret, SecretSource, ServiceAccount, TlsSecret } from '../../src/secrets';

/** A typed secret of another library: the checks go by the ITypedSecret capability, not by class. */
class VaultSecret extends Construct implements ITypedSecret {
  public readonly apiVersion = 'v1';
  public readonly apiGroup = '';
  public readonly kind = 'Secret';
  public readonly resourceType = 'secrets';
  public readonly annotations = {};
  constructor(scope: Construct, id: string, public readonly name: string, public readonly secretType: string) {
    super(scope, id);
  }
  public get resourceName(): string {
    return this.name;
  }
  public envValue(key: string): kplus.EnvValue {
    return kplus.EnvValue.fromSecretValue({ secret: this, key });
  }
}

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

  test('fails when an imported ServiceAccount has a malformed name or namespace', () => {
    const chart = Testing.chart();
    expect(() => ServiceAccount.fromServiceAccountName(chart, 'Bad', 'Shop_Runner'))
      .toThrow(/\[test\] Bad.name: "Shop_Runner" is not allowed/);
    expect(() => ServiceAccount.fromServiceAccountName(chart, 'BadNs', 'runner', { namespaceName: 'Shop' }))
      .toThrow(/\[test\] BadNs.namespaceName: "Shop" is not allowed/);
  });

  test('fails when a typed secret of another library has the wrong type (checked by capability, not class)', () => {
    const chart = Testing.chart();
    const sa = new ServiceAccount(chart, 'Sa');
    expect(() => sa.addImagePullSecret(new VaultSecret(chart, 'Vault', 'vault-tls', 'kubernetes.io/tls')))
      .toThrow(/\[test\/Sa\] imagePullSecrets: "vault-tls" is not allowed; must be a kubernetes.io\/dockerconfigjson Secret/);
    sa.addImagePullSecret(new VaultSecret(chart, 'Pull', 'vault-pull', 'kubernetes.io/dockerconfigjson'));
    expect(sa.imagePullSecrets.map(s => s.name)).toEqual(['vault-pull']);
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
