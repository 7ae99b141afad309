import { Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import {
  ClusterConfig, ClusterDomainClaim, Configuration, DomainMapping, IngressTls, KnativeEventing, KnativeIngress, KnativeServing, Route, Service, TrafficTarget, Validation, Volume,
} from '../../../src';
import { ConstructSweep, Values, VALUE } from './harness';

const IMAGE = 'ghcr.io/acme/app:1.0';

/** The revision template props both Service and Configuration take, from chart values. */
function template(v: Values, owner: string): any {
  const cache = Volume.fromEmptyDir('cache');
  return {
    container: {
      image: v.str('image', 'ghcr.io/acme/app:1.0', 'ghcr.io/acme/app:2.0'),
      name: v.str('containerName', 'app', 'web'),
      command: v.list('command', ['/app'], ['/app2']),
      args: v.list('args', ['--serve'], ['--serve-fast']),
      workingDir: v.str('workingDir', '/srv', '/srv/app'),
      port: v.int('port', 8080, 8081),
      securityContext: {
        runAsUser: v.int('runAsUser', 1001, 2002),
        runAsGroup: v.int('runAsGroup', 1001, 3003),
        addCapabilities: v.list('addCapabilities', ['NET_BIND_SERVICE'], ['CHOWN']),
      },
      volumeMounts: [{ volume: cache, path: v.str('mountPath', '/cache', '/scratch'), subPath: v.str('subPath', 'a', 'b') }],
    },
    sidecars: [{
      image: v.str('sidecarImage', 'ghcr.io/acme/proxy:1.0', 'ghcr.io/acme/proxy:2.0'),
      name: v.str('sidecarName', 'proxy', 'envoy'),
      command: v.list('sidecarCommand', ['/proxy'], ['/proxy2']),
      args: v.list('sidecarArgs', ['--listen'], ['--listen-fast']),
      workingDir: v.str('sidecarWorkingDir', '/p', '/p2'),
      securityContext: {
        runAsUser: v.int('sidecarRunAsUser', 1002, 4004),
        runAsGroup: v.int('sidecarRunAsGroup', 1002, 5005),
        addCapabilities: v.list('sidecarAddCapabilities', ['NET_ADMIN'], ['NET_RAW']),
      },
      volumeMounts: [{ volume: cache, path: v.str('sidecarMountPath', '/pcache', '/pscratch'), subPath: v.str('sidecarSubPath', 'c', 'd') }],
    }],
    containerConcurrency: v.int('containerConcurrency', 50, 80),
    revisionName: v.str('revisionName', `${owner}-v1`, `${owner}-v2`),
    revisionLabels: { team: v.str('team', 'shop', 'payments') },
    revisionAnnotations: { note: v.str('note', 'first', 'second') },
    autoscaling: {
      target: v.num('target', 50, 70),
      targetUtilizationPercentage: v.int('targetUtilization', 70, 80),
      minScale: v.int('minScale', 1, 2),
      maxScale: v.int('maxScale', 10, 20),
      initialScale: v.int('initialScale', 1, 3),
      activationScale: v.int('activationScale', 2, 4),
      panicWindowPercentage: v.int('panicWindow', 10, 20),
      panicThresholdPercentage: v.int('panicThreshold', 200, 300),
    },
  };
}

const TEMPLATE_PROPS = {
  'autoscaling.activationScale': VALUE,
  'autoscaling.initialScale': VALUE,
  'autoscaling.maxScale': VALUE,
  'autoscaling.minScale': VALUE,
  'autoscaling.panicThresholdPercentage': VALUE,
  'autoscaling.panicWindowPercentage': VALUE,
  'autoscaling.target': VALUE,
  'autoscaling.targetUtilizationPercentage': VALUE,
  'container.args': VALUE,
  'container.command': VALUE,
  'container.image': VALUE,
  'container.name': VALUE,
  'container.port': VALUE,
  'container.securityContext.addCapabilities': VALUE,
  'container.securityContext.runAsGroup': VALUE,
  'container.securityContext.runAsUser': VALUE,
  'container.volumeMounts[].path': VALUE,
  'container.volumeMounts[].subPath': VALUE,
  'container.workingDir': VALUE,
  'containerConcurrency': VALUE,
  'revisionAnnotations': VALUE,
  'revisionLabels': VALUE,
  'revisionName': VALUE,
  'sidecars[].args': VALUE,
  'sidecars[].command': VALUE,
  'sidecars[].image': VALUE,
  'sidecars[].name': VALUE,
  'sidecars[].port': 'only the serving container has a port: a sidecar refuses any port, so no value can be set',
  'sidecars[].securityContext.addCapabilities': VALUE,
  'sidecars[].securityContext.runAsGroup': VALUE,
  'sidecars[].securityContext.runAsUser': VALUE,
  'sidecars[].volumeMounts[].path': VALUE,
  'sidecars[].volumeMounts[].subPath': VALUE,
  'sidecars[].workingDir': VALUE,
};

/** The cluster the Services are made for: added capabilities need a feature flag. */
const CAPABILITIES = ClusterConfig.DEFAULT.withFeatures({ 'kubernetes.containerspec-addcapabilities': 'enabled' });

/** What the chart of a Service or a Configuration refuses (the same revision template). */
const TEMPLATE_REFUSED: ConstructSweep['refused'] = [
    { sets: ['--set-string', 'sweep.revisionName=other-v1'], error: /sweep\/revisionName'.*does not match pattern/ },
    { sets: ['--set-string', 'sweep.revisionName=shop-V2'], error: /sweep\/revisionName'.*does not match pattern/ },
    { sets: ['--set-string', 'sweep.image=Not An Image'], error: /sweep\/image'.*does not match pattern/ },
    { sets: ['--set-string', 'sweep.mountPath=cache'], error: /sweep\/mountPath'.*does not match pattern/ },
    { sets: ['--set-string', 'sweep.mountPath=/dev/'], error: /sweep\/mountPath'.*does not match pattern/ },
    { sets: ['--set-string', 'sweep.containerName=queue-proxy'], error: /sweep\/containerName'.*does not match pattern/ },
    { sets: ['--set', 'sweep.port=8012'], error: /container.port: the chart values \(sweep.port=8012\) make it not allowed; ports 8008, 8012, 8013, 8022, 9090, 9091 are reserved by Knative/ },
    { sets: ['--set', 'sweep.containerConcurrency=2000'], error: /sweep\/containerConcurrency'.*maximum/ },
    { sets: ['--set', 'sweep.runAsUser=0'], error: /sweep\/runAsUser'.*minimum/ },
    { sets: ['--set', 'sweep.initialScale=30'], error: /autoscaling.initialScale: the chart values \(sweep.initialScale=30, sweep.maxScale=10\) make it not allowed; must not exceed maxScale/ },
    { sets: ['--set', 'sweep.minScale=3'], error: /autoscaling.activationScale: the chart values \(sweep.minScale=3, sweep.activationScale=2\) make it not allowed; must be at least minScale/ },
];

/** Sweep entries of Knative Serving (src/serving) and the operator objects (src/platform). */
export const SWEEP: ConstructSweep[] = [
  {
    construct: 'Service',
    build: (chart: Chart, v: Values) => {
      Validation.of(chart).configure({ clusterConfig: CAPABILITIES });
      new Service(chart, 'svc', { metadata: { name: 'shop' }, ...template(v, 'shop') });
    },
    props: TEMPLATE_PROPS,
    clusterConfig: CAPABILITIES,
    refused: TEMPLATE_REFUSED,
  },
  {
    construct: 'Configuration',
    build: (chart: Chart, v: Values) => {
      Validation.of(chart).configure({ clusterConfig: CAPABILITIES });
      new Configuration(chart, 'cfg', { metadata: { name: 'shop' }, ...template(v, 'shop') });
    },
    props: TEMPLATE_PROPS,
    clusterConfig: CAPABILITIES,
    refused: TEMPLATE_REFUSED,
  },
  {
    construct: 'Route',
    build: (chart: Chart) => {
      const cfg = new Configuration(chart, 'cfg', { metadata: { name: 'shop' }, container: { image: IMAGE } });
      new Route(chart, 'route', { metadata: { name: 'shop' }, traffic: [TrafficTarget.toLatestOf(cfg, { percent: 100 })] });
    },
    props: {},
  },
  {
    construct: 'DomainMapping',
    build: (chart: Chart, v: Values) => {
      const svc = new Service(chart, 'svc', { metadata: { name: 'shop' }, container: { image: IMAGE } });
      new DomainMapping(chart, 'dm', { domain: v.str('domain', 'shop.example.com', 'store.example.org'), target: svc }).claim();
    },
    props: { domain: VALUE },
    refused: [
      { sets: ['--set-string', 'sweep.domain=localhost'], error: /sweep\/domain'.*does not match pattern/ },
      { sets: ['--set-string', 'sweep.domain=Shop.Example.com'], error: /sweep\/domain'.*does not match pattern/ },
    ],
  },
  {
    construct: 'ClusterDomainClaim',
    build: (chart: Chart, v: Values) => {
      new ClusterDomainClaim(chart, 'claim', {
        domain: v.str('domain', 'shop.example.com', 'store.example.org'),
        namespaceName: v.str('namespaceName', 'shop', 'store'),
        labels: { team: v.str('team', 'shop', 'payments') },
      });
    },
    props: { domain: VALUE, namespaceName: VALUE, labels: VALUE },
    refused: [
      { sets: ['--set-string', 'sweep.domain=localhost'], error: /sweep\/domain'.*does not match pattern/ },
      { sets: ['--set-string', 'sweep.namespaceName=Shop'], error: /sweep\/namespaceName'.*does not match pattern/ },
      { sets: ['--set-string', 'sweep.team=-x-'], error: /sweep\/team'.*does not match pattern/ },
    ],
  },
  {
    construct: 'KnativeServing',
    build: (chart: Chart, v: Values) => {
      new KnativeServing(chart, 'serving', {
        version: v.str('version', '1.15', '1.16.1'),
        domain: v.str('domain', 'apps.example.com', 'apps.example.org'),
        highAvailabilityReplicas: v.int('replicas', 2, 3),
        autoscaler: {
          containerConcurrencyTargetDefault: v.int('concurrencyTarget', 100, 150),
          targetUtilizationPercentage: v.int('targetUtilization', 70, 75),
          maxScaleLimit: v.int('maxScaleLimit', 100, 250),
          initialScale: v.int('initialScale', 1, 2),
        },
        revisionGc: {
          minNonActiveRevisions: v.int('minNonActive', 20, 21),
          maxNonActiveRevisions: v.int('maxNonActive', 1000, 1001),
        },
        config: { deployment: { 'progress-deadline': v.str('progressDeadline', '600s', '700s') } },
      });
    },
    props: {
      'autoscaler.containerConcurrencyTargetDefault': VALUE,
      'autoscaler.initialScale': VALUE,
      'autoscaler.maxScaleLimit': VALUE,
      'autoscaler.targetUtilizationPercentage': VALUE,
      'config': VALUE,
      'domain': VALUE,
      'highAvailabilityReplicas': VALUE,
      'revisionGc.maxNonActiveRevisions': VALUE,
      'revisionGc.minNonActiveRevisions': VALUE,
      'version': VALUE,
    },
    refused: [
      { sets: ['--set-string', 'sweep.version=one'], error: /sweep\/version'.*does not match pattern/ },
      { sets: ['--set-string', 'sweep.domain=apps.123'], error: /sweep\/domain'.*does not match pattern/ },
      { sets: ['--set', 'sweep.replicas=0'], error: /sweep\/replicas'.*minimum/ },
      { sets: ['--set', 'sweep.targetUtilization=120'], error: /sweep\/targetUtilization'.*maximum/ },
      { sets: ['--set', 'sweep.minNonActive=2000'], error: /revisionGc.minNonActiveRevisions: the chart values \(sweep.minNonActive=2000, sweep.maxNonActive=1000\) make it not allowed; must be at most maxNonActiveRevisions/ },
    ],
  },
  {
    construct: 'KnativeEventing',
    build: (chart: Chart, v: Values) => {
      new KnativeEventing(chart, 'eventing', {
        version: v.str('version', '1.15', '1.16.1'),
        highAvailabilityReplicas: v.int('replicas', 2, 3),
        config: { features: { 'new-apiserversource-filters': v.str('filters', 'disabled', 'enabled') } },
      });
    },
    props: { config: VALUE, highAvailabilityReplicas: VALUE, version: VALUE },
    refused: [
      { sets: ['--set-string', 'sweep.version=one'], error: /sweep\/version'.*does not match pattern/ },
      { sets: ['--set', 'sweep.replicas=0'], error: /sweep\/replicas'.*minimum/ },
    ],
  },
  {
    construct: 'KnativeIngress',
    build: (chart: Chart, v: Values) => {
      new KnativeIngress(chart, 'ingress', {
        domain: v.str('domain', 'apps.example.com', 'apps.example.org'),
        tls: IngressTls.wildcardCertificate(kplus.Secret.fromSecretName(chart, 'cert', 'apps-cert')),
        domainTemplate: v.str('domainTemplate', '{{.Name}}-{{.Namespace}}.{{.Domain}}', '{{.Namespace}}-{{.Name}}.{{.Domain}}'),
        gatewayService: v.str('gatewayService', 'istio-ingressgateway.istio-system.svc.cluster.local', 'edge.istio-system.svc.cluster.local'),
        gatewaySelector: { istio: v.str('gatewayLabel', 'ingressgateway', 'edge') },
        customDomains: [{ host: v.str('customHost', 'shop.example.net', 'store.example.net'), certificate: kplus.Secret.fromSecretName(chart, 'shop-cert', 'shop-cert') }],
        appNamespaces: ['shop'],
      });
    },
    props: {
      'allowedNamespaces': 'each becomes a source namespace of the AuthorizationPolicy of every app namespace, which refuses a chart value there (its own sweep entry); KnativeIngress checks a value\'s default and records the DNS-1123 label rule',
      'appNamespaces': 'each app namespace becomes objects of its own (a Namespace, a PeerAuthentication, AuthorizationPolicies) named and counted at synth',
      'customDomains[].host': VALUE,
      'domain': VALUE,
      'domainTemplate': VALUE,
      'gatewayNamespace': 'the namespace the gateway credentials must live in, compared with each Secret\'s namespace and written into config-istio keys at synth',
      'gatewaySelector': VALUE,
      'gatewayService': VALUE,
      'knativeServingNamespace': 'the namespace of the objects it creates (Gateway, ConfigMaps, the injected Namespace) and part of config-istio keys, fixed at synth',
    },
    refused: [
      { sets: ['--set-string', 'sweep.domain=apps.123'], error: /sweep\/domain'.*does not match pattern/ },
      { sets: ['--set-json', 'sweep.domainTemplate="{{.Name}}.example.com"'], error: /sweep\/domainTemplate'.*does not match pattern/ },
      { sets: ['--set-string', 'sweep.gatewayService=not a host'], error: /sweep\/gatewayService'.*does not match pattern/ },
      { sets: ['--set-string', 'sweep.customHost=shop.example.123'], error: /sweep\/customHost'.*does not match pattern/ },
      { sets: ['--set-string', 'sweep.gatewayLabel=ingress*'], error: /sweep\/gatewayLabel'.*does not match pattern/ },
    ],
  },
];
