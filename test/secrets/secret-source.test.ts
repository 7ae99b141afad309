import { Duration, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import {
  GitBasicAuthSecret, GitSshSecret, OpaqueSecret, RegistrySecret, SealingScope, SecretSource, SecretStoreKind, TlsSecret,
} from '../../src/secrets';
import { sealedValue } from './sealed-value';

const SEALED_KEY = sealedValue('key');
const SEALED_HOSTS = sealedValue('hosts');

const CANARY = 'pa55-CANARY-value-9f3e';

describe('SecretSource', () => {
  test('fromExisting emits nothing and uses the existing name', () => {
    const chart = Testing.chart();
    const tls = new TlsSecret(chart, 'Cert', { source: SecretSource.fromExisting('wildcard-cert') });
    expect(tls.name).toBe('wildcard-cert');
    expect(tls.apiObject).toBeUndefined();
    expect(Testing.synth(chart)).toEqual([]);
  });

  test('fromExternalSecret emits an ExternalSecret that creates the typed Secret', () => {
    const chart = Testing.chart();
    new RegistrySecret(chart, 'Registry', {
      metadata: { name: 'ghcr', namespace: 'apps' },
      registries: ['ghcr.io'],
      source: SecretSource.fromExternalSecret({ store: 'vault', key: 'ci/ghcr' }),
    });
    expect(Testing.synth(chart)).toEqual([{
      apiVersion: 'external-secrets.io/v1',
      kind: 'ExternalSecret',
      metadata: { name: 'ghcr', namespace: 'apps' },
      spec: {
        refreshInterval: '1h',
        secretStoreRef: { name: 'vault', kind: 'ClusterSecretStore' },
        data: [{ secretKey: '.dockerconfigjson', remoteRef: { key: 'ci/ghcr', property: '.dockerconfigjson' } }],
        target: {
          creationPolicy: 'Owner',
          template: {
            type: 'kubernetes.io/dockerconfigjson',
            metadata: { annotations: { 'tekton.dev/docker-0': 'https://ghcr.io' } },
          },
        },
      },
    }]);
  });

  test('fromExternalSecret maps keys to properties, store kind, version and refresh interval', () => {
    const chart = Testing.chart();
    new GitBasicAuthSecret(chart, 'Git', {
      metadata: { name: 'git' },
      gitHosts: ['github.com'],
      source: SecretSource.fromExternalSecret({
        store: 'team-store', storeKind: SecretStoreKind.SECRET_STORE, key: 'git/bot', version: '3',
        properties: { password: 'token' }, refreshInterval: Duration.minutes(15),
      }),
    });
    const [obj] = Testing.synth(chart);
    expect(obj.spec.refreshInterval).toBe('15m');
    expect(obj.spec.secretStoreRef).toEqual({ name: 'team-store', kind: 'SecretStore' });
    expect(obj.spec.data).toEqual([
      { secretKey: 'username', remoteRef: { key: 'git/bot', property: 'username', version: '3' } },
      { secretKey: 'password', remoteRef: { key: 'git/bot', property: 'token', version: '3' } },
    ]);
    expect(obj.spec.target.template).toEqual({
      type: 'kubernetes.io/basic-auth',
      metadata: { annotations: { 'tekton.dev/git-0': 'https://github.com' } },
    });
  });

  test('an opaque secret from an external store without declared keys extracts the whole value', () => {
    const chart = Testing.chart();
    const s = new OpaqueSecret(chart, 'Api', { source: SecretSource.fromExternalSecret({ store: 'vault', key: 'app/api' }) });
    const [obj] = Testing.synth(chart);
    expect(obj.spec.dataFrom).toEqual([{ extract: { key: 'app/api' } }]);
    expect(obj.spec.data).toBeUndefined();
    expect(obj.spec.target.template).toEqual({ type: 'Opaque', metadata: {} });
    expect(s.keys).toBeUndefined();
  });

  test('fromSealedSecret emits a SealedSecret with the scope annotation and the typed template', () => {
    const chart = Testing.chart();
    new GitSshSecret(chart, 'Ssh', {
      metadata: { name: 'git-ssh', namespace: 'builds', labels: { team: 'a' } },
      gitHosts: ['github.com'],
      source: SecretSource.fromSealedSecret({
        scope: SealingScope.NAMESPACE_WIDE,
        encryptedData: { 'ssh-privatekey': SEALED_KEY, 'known_hosts': SEALED_HOSTS },
      }),
    });
    expect(Testing.synth(chart)).toEqual([{
      apiVersion: 'bitnami.com/v1alpha1',
      kind: 'SealedSecret',
      metadata: {
        name: 'git-ssh', namespace: 'builds', labels: { team: 'a' },
        annotations: { 'sealedsecrets.bitnami.com/namespace-wide': 'true' },
      },
      spec: {
        encryptedData: { 'ssh-privatekey': SEALED_KEY, 'known_hosts': SEALED_HOSTS },
        template: {
          type: 'kubernetes.io/ssh-auth',
          metadata: { annotations: { 'tekton.dev/git-0': 'github.com' }, labels: { team: 'a' } },
        },
      },
    }]);
  });

  test('unsafePlaintext is the only way a literal value reaches the manifest', () => {
    const chart = Testing.chart();
    new OpaqueSecret(chart, 'Plain', { metadata: { name: 'plain' }, source: SecretSource.unsafePlaintext({ token: CANARY }) });
    expect(Testing.synth(chart)).toEqual([{
      apiVersion: 'v1', kind: 'Secret', metadata: { name: 'plain' }, type: 'Opaque', stringData: { token: CANARY },
    }]);
  });

  test('no synthesized object contains a secret value without the plaintext opt-in', () => {
    const chart = Testing.chart();
    const sources = [
      SecretSource.fromExisting('existing'),
      SecretSource.fromExternalSecret({ store: 'vault', key: 'k' }),
    ];
    sources.forEach((source, i) => {
      new RegistrySecret(chart, `Reg${i}`, { source, registries: ['ghcr.io'] });
      new GitBasicAuthSecret(chart, `Basic${i}`, { source, gitHosts: ['github.com'] });
      new GitSshSecret(chart, `Ssh${i}`, { source, gitHosts: ['github.com'] });
      new TlsSecret(chart, `Tls${i}`, { source });
      new OpaqueSecret(chart, `Opaque${i}`, { source, keys: ['token'] });
    });
    new OpaqueSecret(chart, 'Sealed', { source: SecretSource.fromSealedSecret({ encryptedData: { token: sealedValue('token') } }) });
    const out = Testing.synth(chart);
    expect(out.map(o => o.kind).sort()).toEqual([...Array(5).fill('ExternalSecret'), 'SealedSecret']);
    expect(out.filter(o => o.kind === 'Secret')).toEqual([]);
    expect(JSON.stringify(out)).not.toMatch(/stringData|"data":\{/);
  });

  test('a plaintext value given to one secret does not leak into other objects', () => {
    const chart = Testing.chart();
    new OpaqueSecret(chart, 'Ext', { source: SecretSource.fromExternalSecret({ store: 'vault', key: 'app' }) });
    new OpaqueSecret(chart, 'Plain', { source: SecretSource.unsafePlaintext({ token: CANARY }) });
    const out = Testing.synth(chart);
    const withCanary = out.filter(o => JSON.stringify(o).includes(CANARY));
    expect(withCanary.map(o => o.kind)).toEqual(['Secret']);
  });
});

describe('typed secrets as cdk8s-plus ISecret', () => {
  test('env values and volumes refer to the resulting Secret', () => {
    const chart = Testing.chart();
    const s = new OpaqueSecret(chart, 'Api', {
      metadata: { name: 'api' }, keys: ['token'],
      source: SecretSource.fromExternalSecret({ store: 'vault', key: 'app/api' }),
    });
    const tls = new TlsSecret(chart, 'Tls', { source: SecretSource.fromExisting('my-cert') });
    const dep = new kplus.Deployment(chart, 'Dep', {
      containers: [{ image: 'nginx', envVariables: { TOKEN: s.envValue('token') } }],
    });
    dep.addVolume(kplus.Volume.fromSecret(chart, 'Vol', tls));
    const pod = Testing.synth(chart).find(o => o.kind === 'Deployment')!.spec.template.spec;
    expect(pod.containers[0].env).toEqual([{ name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'api', key: 'token' } } }]);
    expect(pod.volumes[0].secret.secretName).toBe('my-cert');
    expect(s.kind).toBe('Secret');
    expect(s.apiVersion).toBe('v1');
  });

  test('fails when envValue names a key the Secret does not have', () => {
    const chart = Testing.chart();
    const tls = new TlsSecret(chart, 'Tls', { source: SecretSource.fromExisting('my-cert') });
    expect(() => tls.envValue('password')).toThrow(/\[test\/Tls\] envValue.key: "password" is not allowed; must be one of the Secret's keys: tls.crt, tls.key/);
  });
});

describe('secret validation', () => {
  test('fails when sealed data lacks a required key', () => {
    const chart = Testing.chart();
    expect(() => new GitSshSecret(chart, 'Ssh', {
      gitHosts: ['github.com'],
      source: SecretSource.fromSealedSecret({ encryptedData: { 'ssh-privatekey': sealedValue('key') } }),
    })).toThrow(/\[test\/Ssh\] source.keys: \["ssh-privatekey"\] is not allowed; a kubernetes.io\/ssh-auth Secret needs the keys ssh-privatekey, known_hosts \(missing: known_hosts\)/);
  });

  test('known_hosts may be left out only when asked', () => {
    const chart = Testing.chart();
    const s = new GitSshSecret(chart, 'Ssh', {
      gitHosts: ['github.com'], requireKnownHosts: false,
      source: SecretSource.fromSealedSecret({ encryptedData: { 'ssh-privatekey': sealedValue('key') } }),
    });
    expect(s.keys).toEqual(['ssh-privatekey']);
  });

  test('fails when the data has a key the type does not take', () => {
    const chart = Testing.chart();
    expect(() => new TlsSecret(chart, 'Tls', {
      source: SecretSource.fromExternalSecret({ store: 'vault', key: 'k', properties: { 'tls.pem': 'pem' } }),
    })).toThrow(/\[test\/Tls\] source.keys: "tls.pem" is not allowed; a kubernetes.io\/tls Secret takes only the keys tls.crt, tls.key/);
  });

  test('fails when a Tekton host is not a host name', () => {
    const chart = Testing.chart();
    expect(() => new GitBasicAuthSecret(chart, 'Git', {
      gitHosts: ['not a host'], source: SecretSource.fromExisting('git'),
    })).toThrow(/\[test\/Git\] gitHosts\[0\]: "not a host" is not allowed; must be a registry or git host/);
  });

  test('fails when a git secret names no host', () => {
    const chart = Testing.chart();
    expect(() => new GitBasicAuthSecret(chart, 'Git', { gitHosts: [], source: SecretSource.fromExisting('git') }))
      .toThrow(/\[test\/Git\] gitHosts: \[\] is not allowed; must name at least one git host/);
  });

  test('fails when metadata.name contradicts an existing secret', () => {
    const chart = Testing.chart();
    expect(() => new TlsSecret(chart, 'Tls', { metadata: { name: 'other' }, source: SecretSource.fromExisting('cert') }))
      .toThrow(/\[test\/Tls\] metadata.name: "other" is not allowed; must be unset with SecretSource.fromExisting\("cert"\)/);
  });

  test('fails when the existing name is not a valid object name', () => {
    const chart = Testing.chart();
    expect(() => new TlsSecret(chart, 'Tls', { source: SecretSource.fromExisting('Bad_Name') }))
      .toThrow(/\[test\/Tls\] source.existingName: "Bad_Name" is not allowed; must be a DNS-1123 subdomain/);
  });

  test('fails when sealed data is empty', () => {
    const chart = Testing.chart();
    expect(() => new OpaqueSecret(chart, 'S', { source: SecretSource.fromSealedSecret({ encryptedData: { token: '' } }) }))
      .toThrow(/\[test\/S\] source.encryptedData.token: "" is not allowed; must be the non-empty output of kubeseal/);
  });

  test('fails when sealed data is plainly not kubeseal output, without printing it', () => {
    const chart = Testing.chart();
    const tooShortB64 = Buffer.from(CANARY).toString('base64');
    const wrongHeader = Buffer.concat([Buffer.from([0x00, 0x10]), Buffer.alloc(600, 7)]).toString('base64');
    const cases: Array<[string, RegExp]> = [
      [CANARY, /this value has only 22 characters/],
      [tooShortB64, /this value has only \d+ characters/],
      [`${CANARY} `.repeat(40), /this value is not standard base64/],
      ['-----BEGIN RSA PRIVATE KEY-----\n'.padEnd(800, 'A'), /this value is not standard base64/],
      [sealedValue('x').replace(/=+$/, '').slice(0, -1), /this value is not standard base64/],
      [wrongHeader, /does not start with the length of an RSA-encrypted key/],
      [sealedValue('x').slice(0, 600), /does not start with the length of an RSA-encrypted key that fits in it/],
    ];
    cases.forEach(([value, reason], i) => {
      let message = '';
      try {
        new OpaqueSecret(chart, `S${i}`, { source: SecretSource.fromSealedSecret({ encryptedData: { token: value } }) });
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message).toMatch(new RegExp(`^\\[test/S${i}\\] source.encryptedData.token: "<value not shown>" is not allowed; must be the output of kubeseal`));
      expect(message).toMatch(reason);
      expect(message).not.toContain(CANARY);
      expect(message).not.toContain(value.slice(0, 12));
    });
  });

  test('accepts kubeseal output of a 2048-bit and a 4096-bit key', () => {
    const chart = Testing.chart();
    const rsa2048 = Buffer.concat([Buffer.from([0x01, 0x00]), Buffer.alloc(256 + 16, 9)]).toString('base64');
    new OpaqueSecret(chart, 'A', { source: SecretSource.fromSealedSecret({ encryptedData: { a: rsa2048, b: sealedValue('b') } }) });
    expect(Testing.synth(chart)[0].spec.encryptedData).toEqual({ a: rsa2048, b: sealedValue('b') });
  });

  test('tls secrets can carry the CA for mutual TLS', () => {
    const chart = Testing.chart();
    const s = new TlsSecret(chart, 'Tls', { withCaCertificate: true, source: SecretSource.fromExternalSecret({ store: 'v', key: 'k' }) });
    expect(s.keys).toEqual(['tls.crt', 'tls.key', 'ca.crt']);
  });

  test('dockerConfigJson renders the registry auth', () => {
    const json = JSON.parse(RegistrySecret.dockerConfigJson({ server: 'ghcr.io', username: 'u', password: 'p' }));
    expect(json.auths['ghcr.io']).toEqual({ username: 'u', password: 'p', auth: Buffer.from('u:p').toString('base64') });
  });

  // found by test/property/secrets.test.ts
  test('fails when refreshInterval is a fraction of a millisecond, and writes milliseconds otherwise', () => {
    const chart = Testing.chart();
    expect(() => new OpaqueSecret(chart, 'Bad', { source: SecretSource.fromExternalSecret({ store: 'vault', key: 'k', refreshInterval: Duration.millis(0.5) }) }))
      .toThrow(/source\.refreshInterval: .*whole number of milliseconds/);
    const ok = Testing.chart();
    new OpaqueSecret(ok, 'Ok', { source: SecretSource.fromExternalSecret({ store: 'vault', key: 'k', refreshInterval: Duration.millis(1500) }) });
    expect(Testing.synth(ok)[0].spec.refreshInterval).toBe('1500ms');
  });

  test('keeps the generated name when metadata.name is given as undefined', () => {
    const chart = Testing.chart();
    new TlsSecret(chart, 'Sealed', { metadata: { name: undefined, labels: { app: 'web' } }, source: SecretSource.fromSealedSecret({ encryptedData: { 'tls.crt': sealedValue('crt'), 'tls.key': sealedValue('key') } }) });
    new TlsSecret(chart, 'Plain', { metadata: { name: undefined }, source: SecretSource.unsafePlaintext({ 'tls.crt': 'c', 'tls.key': 'k' }) });
    for (const o of Testing.synth(chart)) expect(o.metadata.name).toMatch(/^test-(sealed|plain)-/);
  });

  test('fails when a key is ".", starts with "..", is longer than 253 characters, or (declared keys) has a slash', () => {
    const chart = Testing.chart();
    for (const key of ['.', '..', '..x', 'k'.repeat(254)]) {
      expect(() => new OpaqueSecret(chart, `S${key.length}${key.slice(0, 3)}`, { source: SecretSource.unsafePlaintext({ [key]: 'v' }) })).toThrow(/source\.keys: .*must be a valid Secret key/);
    }
    expect(() => new OpaqueSecret(chart, 'Declared', { keys: ['ok', 'a/b'], source: SecretSource.fromExisting('app') })).toThrow(/keys\[1\]: "a\/b" is not allowed/);
  });
});
