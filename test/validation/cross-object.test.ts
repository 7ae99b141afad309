import { Chart, Testing } from 'cdk8s';
import { SourceToImage } from '../../src/builds';
import { GitSshSecret, SecretSource } from '../../src/secrets';
import { DEFAULT_CLUSTER_CONFIG, loadClusterConfig } from '../../src/validation/config';
import { validateManifests } from '../../src/validation/engine';
import { typoDistance } from '../../src/core/did-you-mean';
import { oneTypoAway } from '../../src/validation/references';
import { ClusterSettings, Manifest, ObjectRef } from '../../src/validation/types';
import { Validation } from '../../src/validation/validation';

const ns = 'demo';
const obj = (apiVersion: string, kind: string, name: string, rest: Record<string, unknown> = {}, namespace: string | undefined = ns): Manifest =>
  ({ apiVersion, kind, metadata: { name, ...(namespace ? { namespace } : {}) }, ...rest });

/** `severity rule path: message (hint)` of the reference layer's problems. */
function refs(manifests: Manifest[], options: { config?: ClusterSettings; externals?: ObjectRef[]; requireRefs?: boolean } = {}): string[] {
  return validateManifests(manifests, { layers: ['reference'], ...options })
    .map(p => `${p.severity} ${p.rule} ${p.object.kind}/${p.object.name} ${p.path}: ${p.message} (${p.hint})`);
}

const ksvc = (name: string, template: Record<string, unknown> = {}) =>
  obj('serving.knative.dev/v1', 'Service', name, { spec: { template: { spec: { containers: [{ image: 'ghcr.io/acme/x:1' }] }, ...template } } });
const svcRef = (name: string) => ({ ref: { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name } });

describe('one typo away', () => {
  test('a swap, a missing, an extra or a changed letter is one typo', () => {
    expect(typoDistance('defualt', 'default')).toBe(1);
    expect(typoDistance('defult', 'default')).toBe(1);
    expect(typoDistance('defaults', 'default')).toBe(1);
    expect(typoDistance('defaulx', 'default')).toBe(1);
    expect(oneTypoAway('defualt', ['default', 'other'])).toBe('default');
  });

  test('fails when the names are two typos apart, or two names are equally near', () => {
    expect(oneTypoAway('dfualt', ['default'])).toBeUndefined();
    expect(oneTypoAway('ab', ['ac', 'ad'])).toBeUndefined();
  });
});

describe('"did you mean" on unresolved references', () => {
  const broker = obj('eventing.knative.dev/v1', 'Broker', 'default');
  const cases: [string, Manifest[], RegExp][] = [
    ['a Trigger broker', [broker, ksvc('hello'), obj('eventing.knative.dev/v1', 'Trigger', 't', { spec: { broker: 'defualt', subscriber: svcRef('hello') } })],
      /reference\/broker Trigger\/t spec.broker: refers to Broker "defualt" in namespace "demo", which is not defined; did you mean "default"\? \(the app defines Broker "default": fix the name/],
    ['a Trigger brokerRef', [broker, ksvc('hello'), obj('eventing.knative.dev/v1', 'Trigger', 't', {
      spec: { brokerRef: { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', name: 'defualt' }, subscriber: svcRef('hello') },
    })], /spec.brokerRef: .*did you mean "default"\?/],
    ['a Subscription channel', [obj('messaging.knative.dev/v1', 'Channel', 'orders'), ksvc('hello'), obj('messaging.knative.dev/v1', 'Subscription', 's', {
      spec: { channel: { apiVersion: 'messaging.knative.dev/v1', kind: 'Channel', name: 'ordres' }, subscriber: svcRef('hello') },
    })], /spec.channel: .*did you mean "orders"\?/],
    ['a sink', [ksvc('hello'), obj('sources.knative.dev/v1', 'PingSource', 'p', { spec: { sink: svcRef('helo') } })], /spec.sink.ref: .*did you mean "hello"\?/],
    ['a DomainMapping ref', [ksvc('hello'), obj('serving.knative.dev/v1beta1', 'DomainMapping', 'api.example.com', { spec: { ref: svcRef('hellp').ref } }),
      obj('networking.internal.knative.dev/v1alpha1', 'ClusterDomainClaim', 'api.example.com', { spec: { namespace: ns } }, undefined)],
    /spec.ref: .*did you mean "hello"\?/],
    ['an env Secret', [obj('v1', 'Secret', 'db-creds'), ksvc('hello', { spec: { containers: [{ image: 'x', env: [{ name: 'P', valueFrom: { secretKeyRef: { name: 'db-cred', key: 'p' } } }] }] } })],
      /secretKeyRef: .*did you mean "db-creds"\?/],
    ['a ConfigMap volume', [obj('v1', 'ConfigMap', 'settings'), ksvc('hello', { spec: { containers: [{ image: 'x' }], volumes: [{ name: 'v', configMap: { name: 'setings' } }] } })],
      /volumes\[0\].configMap: .*did you mean "settings"\?/],
    ['a ServiceAccount', [obj('v1', 'ServiceAccount', 'runner'), ksvc('hello', { spec: { containers: [{ image: 'x' }], serviceAccountName: 'runer' } })],
      /serviceAccountName: .*did you mean "runner"\?/],
    ['a Role', [obj('rbac.authorization.k8s.io/v1', 'Role', 'reader'), obj('rbac.authorization.k8s.io/v1', 'RoleBinding', 'rb', {
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'raeder' }, subjects: [],
    })], /roleRef: .*did you mean "reader"\?/],
    ['an Istio Gateway', [obj('networking.istio.io/v1', 'Gateway', 'public'), obj('networking.istio.io/v1', 'VirtualService', 'vs', {
      spec: { hosts: ['x.example.com'], gateways: ['pubic'], http: [{ route: [{ destination: { host: 'x' } }] }] },
    })], /gateways\[0\]: .*did you mean "public"\?/],
  ];
  test.each(cases)('%s', (_name, manifests, expected) => {
    const problems = refs(manifests);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(expected);
  });

  test('a reference to a name far from every defined one gets no guess', () => {
    const t = obj('eventing.knative.dev/v1', 'Trigger', 't', { spec: { broker: 'payments' } });
    expect(refs([obj('eventing.knative.dev/v1', 'Broker', 'default'), t]).join('\n')).not.toMatch(/did you mean/);
  });

  test('a name of another kind or namespace is not offered', () => {
    const t = obj('eventing.knative.dev/v1', 'Trigger', 't', { spec: { broker: 'defualt' } });
    expect(refs([obj('eventing.knative.dev/v1', 'Broker', 'default', {}, 'other'), obj('messaging.knative.dev/v1', 'Channel', 'default'), t]).join('\n'))
      .not.toMatch(/did you mean/);
  });
});

describe('source credentials', () => {
  const github = obj('sources.knative.dev/v1alpha1', 'GitHubSource', 'gh', {
    spec: {
      eventTypes: ['push'], ownerAndRepository: 'acme/hello',
      accessToken: { secretKeyRef: { name: 'github', key: 'token' } }, secretToken: { secretKeyRef: { name: 'github', key: 'secret' } },
      sink: svcRef('hello'),
    },
  });
  const kafka = obj('sources.knative.dev/v1beta1', 'KafkaSource', 'k', {
    spec: {
      bootstrapServers: ['kafka:9092'], topics: ['orders'], sink: svcRef('hello'),
      net: { sasl: { enable: true, user: { secretKeyRef: { name: 'kafka-sasl', key: 'user' } }, password: { secretKeyRef: { name: 'kafka-sasl', key: 'password' } } } },
    },
  });

  test('fails when a GitHubSource\'s token Secrets are missing', () => {
    expect(refs([ksvc('hello'), github])).toEqual([
      expect.stringMatching(/^error reference\/secret GitHubSource\/gh spec.accessToken.secretKeyRef: refers to Secret "github"/),
      expect.stringMatching(/^error reference\/secret GitHubSource\/gh spec.secretToken.secretKeyRef: refers to Secret "github"/),
    ]);
  });

  test('fails when a KafkaSource\'s SASL Secrets are missing', () => {
    expect(refs([ksvc('hello'), kafka])).toEqual([
      expect.stringMatching(/spec.net.sasl.password.secretKeyRef: refers to Secret "kafka-sasl"/),
      expect.stringMatching(/spec.net.sasl.user.secretKeyRef: refers to Secret "kafka-sasl"/),
    ]);
  });

  test('sources whose Secrets are defined or external pass', () => {
    expect(refs([ksvc('hello'), github, kafka, obj('v1', 'Secret', 'github')], { externals: [{ apiVersion: 'v1', kind: 'Secret', name: 'kafka-sasl', namespace: '*' }] })).toEqual([]);
  });
});

describe('VirtualService subsets', () => {
  const dr = (host: string, subsets: string[], namespace = ns) => obj('networking.istio.io/v1', 'DestinationRule', `dr-${subsets.join('-') || 'none'}`, {
    spec: { host, subsets: subsets.map(name => ({ name, labels: { version: name } })) },
  }, namespace);
  const vs = (destination: Record<string, unknown>, extra: Record<string, unknown> = {}) => obj('networking.istio.io/v1', 'VirtualService', 'reviews', {
    spec: { hosts: ['reviews'], http: [{ route: [{ destination }], ...extra }] },
  });

  test('a subset the DestinationRule of the host defines passes (short and full host names)', () => {
    expect(refs([dr('reviews', ['v1', 'v2']), vs({ host: 'reviews', subset: 'v2' })])).toEqual([]);
    expect(refs([dr('reviews.demo.svc.cluster.local', ['v1']), vs({ host: 'reviews', subset: 'v1' })])).toEqual([]);
    expect(refs([dr('*.demo.svc.cluster.local', ['v1']), vs({ host: 'reviews', subset: 'v1' })])).toEqual([]);
    expect(refs([vs({ host: 'reviews' })])).toEqual([]);
  });

  test('fails when the DestinationRule of the host does not define the subset (warning, did you mean)', () => {
    expect(refs([dr('reviews', ['v1', 'v2']), vs({ host: 'reviews', subset: 'v3' })])).toEqual([
      'warning reference/subset VirtualService/reviews spec.http[0].route[0].destination.subset: routes to subset "v3", which the DestinationRule of host '
      + '"reviews.demo.svc.cluster.local" does not define (it defines "v1", "v2"): Istio answers 503 for this route '
      + '(add a subset named "v3" to that DestinationRule, or route to one it defines)',
    ]);
    expect(refs([dr('reviews', ['canary']), vs({ host: 'reviews', subset: 'canray' })])[0]).toMatch(/did you mean "canary"\?/);
  });

  test('fails when no DestinationRule is defined for the host, also for a mirror', () => {
    const problems = refs([dr('ratings', ['v1']), vs({ host: 'reviews', subset: 'v1' }, { mirror: { host: 'reviews', subset: 'v2' } })]);
    expect(problems).toEqual([
      expect.stringMatching(/^warning reference\/subset .* spec.http\[0\].mirror.subset: routes to subset "v2" of host "reviews.demo.svc.cluster.local", but no DestinationRule for that host is defined/),
      expect.stringMatching(/spec.http\[0\].route\[0\].destination.subset: .*no DestinationRule for that host/),
    ]);
  });

  test('a DestinationRule of another namespace does not define a short host of this one', () => {
    expect(refs([dr('reviews', ['v1'], 'other'), vs({ host: 'reviews', subset: 'v1' })])).toHaveLength(1);
  });

  test('an external DestinationRule may define it', () => {
    expect(refs([vs({ host: 'reviews', subset: 'v1' })], { externals: [{ apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', name: 'x', namespace: ns }] }))
      .toEqual([]);
  });
});

describe('DomainMapping claims and TLS', () => {
  const dm = (spec: Record<string, unknown> = {}) => obj('serving.knative.dev/v1beta1', 'DomainMapping', 'api.example.com', { spec: { ref: svcRef('hello').ref, ...spec } });
  const claim = (namespace: string) => obj('networking.internal.knative.dev/v1alpha1', 'ClusterDomainClaim', 'api.example.com', { spec: { namespace } }, undefined);

  test('fails when no ClusterDomainClaim exists and claims are not auto-created (Knative 1.23 default)', () => {
    expect(refs([ksvc('hello'), dm()])).toEqual([
      expect.stringMatching(/^error reference\/cluster-domain-claim DomainMapping\/api.example.com metadata.name: no ClusterDomainClaim "api.example.com" is defined and config-network's autocreate-cluster-domain-claims is false.*DomainClaimNotOwned.*\(add a ClusterDomainClaim .* named "api.example.com" with spec.namespace "demo", or let Knative create claims/),
    ]);
    // The CLI without --require-refs: unresolved, a warning.
    expect(refs([ksvc('hello'), dm()], { requireRefs: false })[0]).toMatch(/^warning reference\/cluster-domain-claim .*: unresolved: no ClusterDomainClaim/);
  });

  test('a claim owned by the namespace passes', () => {
    expect(refs([ksvc('hello'), dm(), claim(ns)])).toEqual([]);
  });

  test('fails when the claim gives the domain to another namespace', () => {
    expect(refs([ksvc('hello'), dm(), claim('other')])).toEqual([
      expect.stringMatching(/^error reference\/cluster-domain-claim .* the ClusterDomainClaim "api.example.com" gives the domain to namespace "other", not "demo"/),
    ]);
  });

  test('auto-created claims pass: from the cluster config or a config-network ConfigMap in the app', () => {
    const config: ClusterSettings = { ...DEFAULT_CLUSTER_CONFIG, network: { autocreateClusterDomainClaims: true } };
    expect(refs([ksvc('hello'), dm()], { config })).toEqual([]);
    expect(refs([ksvc('hello'), dm()], { config: loadClusterConfig('network:\n  autocreate-cluster-domain-claims: "true"\n') })).toEqual([]);
    const cm = obj('v1', 'ConfigMap', 'config-network', { data: { 'autocreate-cluster-domain-claims': 'true' } }, 'knative-serving');
    expect(refs([ksvc('hello'), dm(), cm])).toEqual([]);
    const off = obj('v1', 'ConfigMap', 'config-network', { data: { 'autocreate-cluster-domain-claims': 'false' } }, 'knative-serving');
    expect(refs([ksvc('hello'), dm(), off], { config })).toHaveLength(1);
  });

  test('fails when the TLS Secret is missing; passes when it is defined', () => {
    const withTls = dm({ tls: { secretName: 'api-tls' } });
    expect(refs([ksvc('hello'), withTls, claim(ns)])).toEqual([
      expect.stringMatching(/^error reference\/secret DomainMapping\/api.example.com spec.tls.secretName: refers to Secret "api-tls" in namespace "demo", which is not defined/),
    ]);
    expect(refs([ksvc('hello'), withTls, claim(ns), obj('v1', 'Secret', 'api-tls', { type: 'kubernetes.io/tls' })])).toEqual([]);
  });
});

describe('Trigger filter attributes', () => {
  const broker = obj('eventing.knative.dev/v1', 'Broker', 'default');
  const trigger = (spec: Record<string, unknown>) => obj('eventing.knative.dev/v1', 'Trigger', 't', { spec: { broker: 'default', subscriber: svcRef('hello'), ...spec } });
  const base = [broker, ksvc('hello')];

  test('core attributes and declared extensions pass', () => {
    expect(refs([...base, trigger({ filter: { attributes: { type: 'dev.acme.order', source: '/orders', subject: 'x' } } })])).toEqual([]);
    const eventType = obj('eventing.knative.dev/v1beta3', 'EventType', 'order', { spec: { attributes: [{ name: 'type', value: 'dev.acme.order', required: true }, { name: 'region', required: false }] } });
    expect(refs([...base, eventType, trigger({ filter: { attributes: { region: 'eu' } } })])).toEqual([]);
    const ping = obj('sources.knative.dev/v1', 'PingSource', 'p', { spec: { sink: svcRef('hello'), ceOverrides: { extensions: { tenant: 'acme' } } } });
    expect(refs([...base, ping, trigger({ filters: [{ all: [{ exact: { tenant: 'acme' } }, { prefix: { type: 'dev.' } }] }] })])).toEqual([]);
  });

  test('fails when a filter names an attribute nothing declares (warning, did you mean)', () => {
    expect(refs([...base, trigger({ filter: { attributes: { sourse: '/orders' } } })])).toEqual([
      'warning reference/event-attribute Trigger/t spec.filter.attributes.sourse: filters on attribute "sourse", which is neither a CloudEvents core attribute '
      + 'nor an extension an EventType or source of the app declares; did you mean "source"?: the Trigger may never match (fix the name ("source"))',
    ]);
    expect(refs([...base, trigger({ filters: [{ not: { suffix: { tennant: 'x' } } }] })])).toEqual([
      expect.stringMatching(/spec.filters\[0\].not.suffix.tennant: filters on attribute "tennant".*\(fix the name; for an extension of events from outside the app, declare it in an EventType's spec.attributes\)/),
    ]);
  });
});

describe('SSH git URLs in Tekton runs', () => {
  const run = (url: string, spec: Record<string, unknown> = {}) => obj('tekton.dev/v1', 'PipelineRun', 'build', {
    spec: { pipelineRef: { name: 'p' }, params: [{ name: 'git-url', value: url }], ...spec },
  });
  const runner = (secrets: string[]) => obj('v1', 'ServiceAccount', 'runner', { secrets: secrets.map(name => ({ name })) });
  const sshKey = (host: string) => obj('v1', 'Secret', 'git-ssh', {
    type: 'kubernetes.io/ssh-auth', metadata: { name: 'git-ssh', namespace: ns, annotations: { 'tekton.dev/git-0': host } }, data: { 'ssh-privatekey': 'eA==' },
  });
  const pipeline = obj('tekton.dev/v1', 'Pipeline', 'p', { spec: { tasks: [] } });
  const asRunner = { taskRunTemplate: { serviceAccountName: 'runner' } };

  test('an SSH key for the host on the run\'s ServiceAccount passes; so do https URLs and an ssh-directory workspace', () => {
    expect(refs([pipeline, runner(['git-ssh']), sshKey('github.com'), run('git@github.com:acme/hello.git', asRunner)])).toEqual([]);
    expect(refs([pipeline, run('https://github.com/acme/hello.git')])).toEqual([]);
    expect(refs([pipeline, run('ssh://git@github.com/acme/hello.git', { workspaces: [{ name: 'ssh-directory', secret: { secretName: 'ssh' } }] }),
      obj('v1', 'Secret', 'ssh')])).toEqual([]);
  });

  test('fails when the ServiceAccount has no SSH key (warning)', () => {
    expect(refs([pipeline, runner([]), run('git@github.com:acme/hello.git', asRunner)])).toEqual([
      expect.stringMatching(/^warning reference\/git-ssh-credential PipelineRun\/build spec.params\[0\].value: clones "git@github.com:acme\/hello.git" over SSH, but ServiceAccount "runner" carries no SSH key.*\(attach a GitSshSecret for host "github.com"/),
    ]);
    // The default ServiceAccount, not in the app.
    expect(refs([pipeline, run('ssh://git@gitlab.example.com/acme/hello.git')])[0]).toMatch(/ServiceAccount "default" carries no SSH key/);
  });

  test('fails when the SSH key is for another host (warning)', () => {
    expect(refs([pipeline, runner(['git-ssh']), sshKey('gitlab.com'), run('git@github.com:acme/hello.git', asRunner)])[0])
      .toMatch(/no SSH key Secret of ServiceAccount "runner" is annotated tekton.dev\/git-<n>: github.com/);
  });
});

describe('SSH git URLs in a SourceToImage', () => {
  const sshWarnings = (chart: Chart) => Validation.of(chart).validate().problems.filter(p => p.rule === 'reference/git-ssh-credential');

  test('fails when the build clones over SSH without credentials (warning)', () => {
    const chart = Testing.chart();
    new SourceToImage(chart, 'App', { name: 'hello', gitUrl: 'git@github.com:acme/hello.git', image: 'ghcr.io/acme/hello:1' });
    expect(sshWarnings(chart).map(p => `${p.severity} ${p.kind}/${p.name} ${p.path}`)).toEqual(['warning PipelineRun/hello-run spec.params[0].value']);
  });

  test('a GitSshSecret among the credentials passes', () => {
    const chart = Testing.chart();
    const key = new GitSshSecret(chart, 'Ssh', { gitHosts: ['github.com'], source: SecretSource.fromExternalSecret({ store: 'vault', key: 'git-ssh' }) });
    new SourceToImage(chart, 'App', { name: 'hello', gitUrl: 'git@github.com:acme/hello.git', image: 'ghcr.io/acme/hello:1', credentials: [key] });
    expect(sshWarnings(chart)).toEqual([]);
  });
});
