import { ApiObject, App, Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { validateManifests } from '../../src/validation/engine';
import { Manifest, Problem } from '../../src/validation/types';
import { Validation } from '../../src/validation/validation';
import { ApiServerSource, ApiServerSourceMode } from '../../src/sources';
import { OpaqueSecret, RegistrySecret, SecretSource, ServiceAccount } from '../../src/secrets';
import { Sink } from '../../src/eventing';

const line = (p: Problem) => `${p.severity} ${p.rule} ${p.path}: ${p.message}`;
const schemaOnly = (...ms: Manifest[]) => validateManifests(ms, { layers: ['schema'] });
const lines = (...ms: Manifest[]) => schemaOnly(...ms).map(line);
const rules = (rule: string, ...ms: Manifest[]) => schemaOnly(...ms).filter(p => p.rule === rule).map(line);

const obj = (apiVersion: string, kind: string, name: string, extra: Record<string, unknown> = {}, meta: Record<string, unknown> = {}): Manifest => ({
  apiVersion, kind, metadata: { name, ...meta }, ...extra,
});
const secret = (type: string | undefined, fields: Record<string, unknown>, meta: Record<string, unknown> = {}): Manifest =>
  obj('v1', 'Secret', 's', { ...(type ? { type } : {}), ...fields }, meta);
const b64 = (s: string) => Buffer.from(s).toString('base64');
const ksvc = (env: unknown[]): Manifest => obj('serving.knative.dev/v1', 'Service', 'hello',
  { spec: { template: { spec: { containers: [{ image: 'example/app', env }] } } } }, { namespace: 'demo' });
const deployment = (container: Record<string, unknown>): Manifest => obj('apps/v1', 'Deployment', 'd', {
  spec: { selector: { matchLabels: { app: 'd' } }, template: { metadata: { labels: { app: 'd' } }, spec: { containers: [{ name: 'c', image: 'i', ...container }] } } },
});

describe('names per kind (apimachinery NameIsDNSSubdomain / NameIsDNSLabel / NameIsDNS1035Label, rbac path segments)', () => {
  test('fails when a core Service name is not a DNS-1035 label', () => {
    expect(rules('schema/name-format', obj('v1', 'Service', '1-svc'), obj('v1', 'Service', 'a.b'))).toEqual([
      'error schema/name-format metadata.name: name "1-svc" is not a DNS-1035 label',
      'error schema/name-format metadata.name: name "a.b" is not a DNS-1035 label',
    ]);
    expect(rules('schema/name-format', obj('v1', 'Service', 'svc-1'))).toEqual([]);
  });

  test('fails when a Namespace name is not a DNS-1123 label', () => {
    expect(rules('schema/name-format', obj('v1', 'Namespace', 'team.a'))).toEqual([
      'error schema/name-format metadata.name: name "team.a" is not a DNS-1123 label',
    ]);
    expect(rules('schema/name-format', obj('v1', 'ConfigMap', 'team.a'))).toEqual([]);
  });

  test('RBAC names are path segments, as Kubernetes allows (system:aggregate-to-edit)', () => {
    expect(rules('schema/name-format', obj('rbac.authorization.k8s.io/v1', 'ClusterRole', 'system:aggregate-to-edit', { rules: [] }))).toEqual([]);
    expect(rules('schema/name-format', obj('rbac.authorization.k8s.io/v1', 'Role', 'a/b', { rules: [] }), obj('rbac.authorization.k8s.io/v1', 'Role', '..', { rules: [] })))
      .toEqual([
        'error schema/name-format metadata.name: name "a/b" is not a valid path segment',
        'error schema/name-format metadata.name: name ".." is not a valid path segment',
      ]);
  });

  test('fails when a generateName is not the prefix of a name of the kind', () => {
    const cm = (generateName: string): Manifest => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName } });
    expect(rules('schema/name-format', cm('cfg-'), cm('x-'))).toEqual([]);
    expect(rules('schema/name-format', cm('Cfg-'))).toEqual([
      'error schema/name-format metadata.generateName: generateName "Cfg-" is not the prefix of a DNS-1123 subdomain',
    ]);
  });
});

describe('metadata.namespace (ValidateObjectMetaAccessor: ValidateNamespaceName)', () => {
  test('fails when the namespace is not a DNS-1123 label', () => {
    expect(rules('schema/namespace-format', obj('v1', 'ConfigMap', 'c', {}, { namespace: 'Bad_NS' }), obj('v1', 'ConfigMap', 'd', {}, { namespace: 'démo' }),
      ksvc([]), obj('v1', 'ConfigMap', 'e', {}, { namespace: 'a.b' }))).toEqual([
      'error schema/namespace-format metadata.namespace: namespace "Bad_NS" is not a DNS-1123 label',
      'error schema/namespace-format metadata.namespace: namespace "démo" is not a DNS-1123 label',
      'error schema/namespace-format metadata.namespace: namespace "a.b" is not a DNS-1123 label',
    ]);
  });

  test('a bad namespace on a cluster-scoped kind is only a warning: the API server clears it', () => {
    expect(rules('schema/namespace-format', obj('rbac.authorization.k8s.io/v1', 'ClusterRole', 'r', { rules: [] }, { namespace: 'Bad_NS' }))).toEqual([
      'warning schema/namespace-format metadata.namespace: namespace "Bad_NS" is not a DNS-1123 label (ignored: ClusterRole is cluster-scoped)',
    ]);
  });
});

describe('environment variable names (ValidateEnv with IsRelaxedEnvVarName, Kubernetes 1.34)', () => {
  test('fails when a Deployment sets an env var name with "=", a non-ASCII or a control character, or such an envFrom prefix', () => {
    expect(rules('schema/env-name', deployment({
      env: [{ name: 'A=B', value: 'x' }, { name: 'CAFÉ', value: 'x' }, { name: 'TAB\tX', value: 'x' }, { name: 'MY_ENV.NAME', value: 'x' }],
      envFrom: [{ prefix: 'P=', configMapRef: { name: 'c' } }, { prefix: 'OK_', configMapRef: { name: 'c' } }],
    }))).toEqual([
      'error schema/env-name spec.template.spec.containers[0].envFrom[0].prefix: "P=" is not a valid environment variable prefix',
      'error schema/env-name spec.template.spec.containers[0].env[0].name: "A=B" is not a valid environment variable name',
      'error schema/env-name spec.template.spec.containers[0].env[1].name: "CAFÉ" is not a valid environment variable name',
      'error schema/env-name spec.template.spec.containers[0].env[2].name: "TAB\\tX" is not a valid environment variable name',
    ]);
  });

  test('accepts the names 1.34 allows and 1.27 refused (RelaxedEnvironmentVariableValidation is GA in 1.34)', () => {
    expect(rules('schema/env-name', deployment({
      env: ['1X', '..x', '.', 'MY VAR', 'a:b', '$HOME', '-'].map(name => ({ name, value: 'x' })),
      envFrom: [{ prefix: 'bad prefix ', configMapRef: { name: 'c' } }, { prefix: '0_', configMapRef: { name: 'c' } }],
    }))).toEqual([]);
  });

  test('fails when a CronJob init container has a bad env var name', () => {
    const cron = obj('batch/v1', 'CronJob', 'c', { spec: { schedule: '* * * * *', jobTemplate: { spec: { template: { spec: {
      restartPolicy: 'Never', containers: [{ name: 'c', image: 'i' }], initContainers: [{ name: 'i', image: 'i', env: [{ name: 'X=Y' }] }],
    } } } } } });
    expect(rules('schema/env-name', cron)).toEqual([
      'error schema/env-name spec.jobTemplate.spec.template.spec.initContainers[0].env[0].name: "X=Y" is not a valid environment variable name',
    ]);
  });

  test('in a Knative Service or a Tekton Task it is a warning: the webhook admits it, Kubernetes rejects the pods', () => {
    expect(rules('schema/env-name', ksvc([{ name: 'A=B', value: '1' }, { name: 'GOOD', value: '1' }]))).toEqual([
      'warning schema/env-name spec.template.spec.containers[0].env[0].name: "A=B" is not a valid environment variable name: Knative Serving admits it, but Kubernetes rejects the pods made from it',
    ]);
    const task = obj('tekton.dev/v1', 'Task', 't', { spec: { steps: [{ name: 's', image: 'i', env: [{ name: 'A=B' }, { name: '$(params.name)' }] }] } });
    expect(rules('schema/env-name', task)).toEqual([
      'warning schema/env-name spec.steps[0].env[0].name: "A=B" is not a valid environment variable name: Tekton admits it, but Kubernetes rejects the pods made from it',
    ]);
  });
});

describe('Secrets (ValidateSecret): type and keys', () => {
  test('fails when a TLS Secret lacks tls.key', () => {
    expect(rules('schema/secret-type', secret('kubernetes.io/tls', { data: { 'tls.crt': b64('cert') } }))).toEqual([
      'error schema/secret-type data["tls.key"]: the key "tls.key" is missing',
    ]);
    expect(rules('schema/secret-type', secret('kubernetes.io/tls', { data: { 'tls.crt': b64('cert') }, stringData: { 'tls.key': 'k' } }))).toEqual([]);
  });

  test('fails when .dockerconfigjson is missing, not JSON or not an object; warns without auths', () => {
    const t = 'kubernetes.io/dockerconfigjson';
    expect(rules('schema/secret-type', secret(t, { data: {} }))).toEqual(['error schema/secret-type data[".dockerconfigjson"]: the key ".dockerconfigjson" is missing']);
    expect(rules('schema/secret-type', secret(t, { stringData: { '.dockerconfigjson': 'hunter2-not-json' } }))).toEqual([
      'error schema/secret-type stringData[".dockerconfigjson"]: the value is not a JSON object',
    ]);
    expect(rules('schema/secret-type', secret(t, { data: { '.dockerconfigjson': b64('["hunter2"]') } }))).toEqual([
      'error schema/secret-type data[".dockerconfigjson"]: the value is not a JSON object',
    ]);
    expect(rules('schema/secret-type', secret(t, { data: { '.dockerconfigjson': b64('{"hunter2": 1}') } }))).toEqual([
      'warning schema/secret-type data[".dockerconfigjson"]: the docker config has no "auths" object: it gives no registry credentials',
    ]);
    expect(rules('schema/secret-type', secret(t, { stringData: { '.dockerconfigjson': RegistrySecret.dockerConfigJson({ server: 'r.io', username: 'u', password: 'p' }) } }))).toEqual([]);
    expect(rules('schema/secret-type', secret('kubernetes.io/dockercfg', { stringData: { '.dockercfg': 'nope' } }))).toEqual([
      'error schema/secret-type stringData[".dockercfg"]: the value is not a JSON object',
    ]);
  });

  test('fails when a basic-auth Secret has neither username nor password, or an ssh-auth Secret no private key', () => {
    expect(rules('schema/secret-type', secret('kubernetes.io/basic-auth', { stringData: { user: 'x' } }))).toEqual([
      'error schema/secret-type data: neither "username" nor "password" is set',
    ]);
    expect(rules('schema/secret-type', secret('kubernetes.io/basic-auth', { stringData: { password: '' } }))).toEqual([]);
    expect(rules('schema/secret-type', secret('kubernetes.io/ssh-auth', { stringData: { known_hosts: 'x' } }), secret('kubernetes.io/ssh-auth', { stringData: { 'ssh-privatekey': '' } })))
      .toEqual([
        'error schema/secret-type data["ssh-privatekey"]: the key "ssh-privatekey" is missing',
        'error schema/secret-type stringData["ssh-privatekey"]: the value is empty',
      ]);
  });

  test('fails when a service-account-token Secret does not name its ServiceAccount', () => {
    const t = 'kubernetes.io/service-account-token';
    expect(rules('schema/secret-type', secret(t, {}))).toEqual([
      'error schema/secret-type metadata.annotations["kubernetes.io/service-account.name"]: required annotation is missing',
    ]);
    expect(rules('schema/secret-type', secret(t, {}, { annotations: { 'kubernetes.io/service-account.name': 'sa' } }))).toEqual([]);
  });

  test('fails when a Secret or ConfigMap key is not a config key', () => {
    expect(rules('schema/data-key', secret(undefined, { data: { 'bad/key': b64('x'), 'good.key_1-A': b64('x') }, stringData: { '..x': 'y' } }))).toEqual([
      'error schema/data-key data["bad/key"]: the key "bad/key" is not a valid key',
      'error schema/data-key stringData["..x"]: the key "..x" is not a valid key',
    ]);
    expect(rules('schema/data-key', obj('v1', 'ConfigMap', 'c', { data: { '.': 'x', a: 'x' }, binaryData: { a: b64('x') } }))).toEqual([
      'error schema/data-key binaryData.a: the key "a" is also in data',
      'error schema/data-key data["."]: the key "." is not a valid key',
    ]);
  });

  test('fails when the data take more than 1 MiB', () => {
    expect(rules('schema/data-size', secret(undefined, { stringData: { a: 'x'.repeat(600_000), b: 'y'.repeat(600_000) } }))).toEqual([
      'error schema/data-size data: the Secret\'s data take 1200000 bytes',
    ]);
    expect(rules('schema/data-size', obj('v1', 'ConfigMap', 'c', { data: { a: 'x'.repeat(1024 * 1024) } }))).toEqual([]);
  });
});

describe('duplicate objects', () => {
  test('warns when two files define an object with the same group, kind, namespace and name, naming where the first is', () => {
    const problems = validateManifests([ksvc([]), obj('v1', 'ConfigMap', 'hello', {}, { namespace: 'demo' }), ksvc([])], {
      layers: ['schema'], sources: [{ file: 'a.yaml', doc: 0 }, { file: 'a.yaml', doc: 1 }, { file: 'b.yaml', doc: 0 }],
    }).filter(p => p.rule === 'schema/duplicate-object');
    expect(problems.map(p => `${p.source?.file} ${line(p)}`)).toEqual([
      'b.yaml warning schema/duplicate-object metadata.name: Service "hello" in namespace "demo" is defined twice; the first is a.yaml:0',
    ]);
  });

  test('another namespace, another group or a generateName is not a duplicate; versions of one group are', () => {
    const other = { ...ksvc([]), metadata: { name: 'hello', namespace: 'other' } };
    const core = obj('v1', 'Service', 'hello', { spec: { ports: [{ port: 80 }] } }, { namespace: 'demo' });
    const gen = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'c-' } };
    expect(rules('schema/duplicate-object', ksvc([]), other, core, gen, gen)).toEqual([]);
    const dm = (v: string) => obj(`serving.knative.dev/${v}`, 'DomainMapping', 'a.example.com', { spec: { ref: { name: 'hello', kind: 'Service', apiVersion: 'serving.knative.dev/v1' } } });
    expect(rules('schema/duplicate-object', dm('v1beta1'), dm('v1alpha1'))).toHaveLength(1);
  });

  test('fails at synth when two constructs write the same object', () => {
    const chart = Testing.chart();
    new kplus.ConfigMap(chart, 'A', { metadata: { name: 'same' } });
    new kplus.ConfigMap(chart, 'B', { metadata: { name: 'same' } });
    const { problems } = Validation.of(chart).validate();
    expect(problems.filter(p => p.rule === 'schema/duplicate-object').map(p => `${p.constructPath} ${p.severity} ${p.message}`)).toEqual([
      'test/B error ConfigMap "same" is defined twice; the first is [test/A]',
    ]);
  });
});

describe('kinds unknown in a group the package fully knows', () => {
  test('fails with a "did you mean" for a typo or a lower-case kind', () => {
    const svc = (apiVersion: string, kind: string) => obj(apiVersion, kind, 'x');
    expect(schemaOnly(svc('serving.knative.dev/v1', 'Servic'), svc('v1', 'service'), svc('apps/v1', 'Deploymnet')).map(p => `${line(p)} (${p.hint})`)).toEqual([
      'error schema/unknown-kind kind: "Servic" is not a kind of serving.knative.dev (did you mean "Service"?)',
      'error schema/unknown-kind kind: "service" is not a kind of the core API group (v1) (did you mean "Service"?)',
      'error schema/unknown-kind kind: "Deploymnet" is not a kind of apps (did you mean "Deployment"?)',
    ]);
  });

  test('a kind of a group other projects extend stays "not checked"', () => {
    expect(lines(obj('sources.knative.dev/v1', 'RabbitmqSource', 'x'))).toEqual([
      'warning schema/not-checked : not checked: no schema is known for sources.knative.dev/v1 RabbitmqSource',
    ]);
  });
});

describe('ApiServerSource watching Secrets', () => {
  const source = (spec: Record<string, unknown>): Manifest => obj('sources.knative.dev/v1', 'ApiServerSource', 'src', {
    spec: { resources: [{ apiVersion: 'v1', kind: 'Event' }, { apiVersion: 'v1', kind: 'Secret' }], sink: { uri: 'https://example.com/' }, ...spec },
  }, { namespace: 'demo' });
  const warnings = (m: Manifest) => validateManifests([m], { layers: ['semantic'] }).filter(p => p.severity === 'warning').map(line);

  test('warns that every Secret is streamed to the sink when it watches cluster-wide or sends whole objects', () => {
    expect(warnings(source({ namespaceSelector: {} }))).toEqual([
      'warning sources/apiserver spec.resources[1]: watches Secrets cluster-wide: an event for every Secret of every namespace of the cluster is streamed to the sink, '
        + 'and the source\'s ServiceAccount must be allowed to read them all',
    ]);
    expect(warnings(source({ mode: 'Resource', namespaceSelector: { matchLabels: { team: 'a' } } }))).toEqual([
      'warning sources/apiserver spec.resources[1]: watches Secrets in Resource mode: every Secret of every namespace its namespaceSelector matches, with its data, is streamed to the sink',
    ]);
    expect(warnings(source({ mode: 'Resource' }))).toEqual([
      'warning sources/apiserver spec.resources[1]: watches Secrets in Resource mode: every Secret of its namespace, with its data, is streamed to the sink',
    ]);
    expect(warnings(source({}))).toEqual([]);
  });

  test('the construct gets the warning at synth', () => {
    const chart = Testing.chart();
    const app = chart.node.root;
    new ApiServerSource(new Chart(app, 'ns', { namespace: 'demo' }), 'Watch', {
      metadata: { name: 'watch' },
      resources: [{ apiVersion: 'v1', kind: 'Secret' }],
      mode: ApiServerSourceMode.RESOURCE,
      namespaceSelector: kplus.LabelSelector.of({}),
      sink: Sink.fromUri('https://example.com/'),
    });
    const { problems } = Validation.of(chart).validate();
    expect(problems.filter(p => p.rule === 'sources/apiserver').map(p => `${p.severity} ${p.constructPath} ${p.message}`)).toEqual([
      'warning ns/Watch watches Secrets in Resource mode: every Secret of every namespace of the cluster, with its data, is streamed to the sink',
    ]);
  });
});

describe('every app is validated at synth', () => {
  test('fails when an app made only of a plaintext Secret holds an invalid docker config', () => {
    const app = new App();
    const chart = new Chart(app, 'c');
    new RegistrySecret(chart, 'Registry', { metadata: { name: 'reg' }, source: SecretSource.unsafePlaintext({ '.dockerconfigjson': 'pa55w0rd-not-json' }) });
    expect(() => app.synthYaml()).toThrow(/\[c\/Registry\] Secret\/reg: stringData\["\.dockerconfigjson"\]: the value is not a JSON object/);
    expect(() => app.synthYaml()).not.toThrow(/pa55w0rd/);
  });

  test('fails when an app made only of ServiceAccounts and Secrets holds an invalid object', () => {
    const app = new App();
    const chart = new Chart(app, 'c', { namespace: 'Bad_NS' });
    new OpaqueSecret(chart, 'Token', { metadata: { name: 'token' }, source: SecretSource.unsafePlaintext({ token: 't0ken-value' }) });
    new ServiceAccount(chart, 'Sa', { metadata: { name: 'sa' } });
    expect(() => app.synthYaml()).toThrow(/\[c\/Sa\] ServiceAccount\/sa: metadata\.namespace: namespace "Bad_NS" is not a DNS-1123 label/);
    expect(() => app.synthYaml()).toThrow(/\[c\/Token\] Secret\/token: metadata\.namespace/);
  });

  test('an app of valid secrets and ServiceAccounts synthesizes', () => {
    const app = new App();
    const chart = new Chart(app, 'c', { namespace: 'demo' });
    const reg = new RegistrySecret(chart, 'Registry', {
      metadata: { name: 'reg' }, source: SecretSource.unsafePlaintext({ '.dockerconfigjson': RegistrySecret.dockerConfigJson({ server: 'r.io', username: 'u', password: 'p' }) }),
    });
    new ServiceAccount(chart, 'Sa', { metadata: { name: 'sa' }, imagePullSecrets: [reg] });
    expect(() => app.synthYaml()).not.toThrow();
  });
});

describe('a plain ApiObject with an API server problem', () => {
  test('fails at synth once the app is validated', () => {
    const chart = Testing.chart();
    Validation.of(chart);
    new ApiObject(chart, 'Cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { 'bad/key': 'v' } });
    expect(() => Testing.synth(chart)).toThrow(/ConfigMap\/c: data\["bad\/key"\]: the key "bad\/key" is not a valid key/);
  });
});
