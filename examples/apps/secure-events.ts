/**
 * Secure eventing and the rest of Knative 1.22/1.23 in one app: OIDC sender
 * identity with EventPolicies (`broker.allowFrom()`), TLS trust for an
 * external sink, a JSONata EventTransform, a RequestReply endpoint, an
 * EventType with optional attributes, a Route released as a canary, a
 * DomainMapping with its ClusterDomainClaim, and revision GC and
 * rollout-duration settings for Knative Serving.
 *
 * The OIDC and TLS features are off in a stock cluster: the app turns them on
 * with `KnativeEventing` and tells the validation so (`SECURE_EVENTS_FEATURES`;
 * the CLI takes `--feature authentication-oidc=enabled --feature transport-encryption=permissive`).
 */
import { App, Chart, Duration } from 'cdk8s';
import * as kn from '../../src';

/** The cluster features this app needs, for the validation and the CLI. */
export const SECURE_EVENTS_FEATURES: { [key: string]: string } = {
  'authentication-oidc': 'enabled',
  'transport-encryption': 'permissive',
};

/** A public test CA (no key is kept anywhere) that the external webhook's certificate is signed by. */
export const EXAMPLE_CA = `-----BEGIN CERTIFICATE-----
MIIBiDCCAS+gAwIBAgIUaCYMAVZFyM+53ROjVrcNkcV7YzwwCgYIKoZIzj0EAwIw
GjEYMBYGA1UEAwwPZXhhbXBsZS10ZXN0LWNhMB4XDTI2MTIwMTIzMjYxOFoXDTM2
MTEyODIzMjYxOFowGjEYMBYGA1UEAwwPZXhhbXBsZS10ZXN0LWNhMFkwEwYHKoZI
zj0CAQYIKoZIzj0DAQcDQgAEdsVJ5/dHlZrI95AoepiXg7CGSIvGEE8rFawgtq2w
eRVv9lTlOY3pMU8I2XNwQTM7TjlEgKcUxNJfYdzDiU+gUKNTMFEwHQYDVR0OBBYE
FOZartzYpjFpKbwTKaU4VZDDGl4YMB8GA1UdIwQYMBaAFOZartzYpjFpKbwTKaU4
VZDDGl4YMA8GA1UdEwEB/wQFMAMBAf8wCgYIKoZIzj0EAwIDRwAwRAIgdFHNpYev
HBFAs0FLXwPNKkT09SZnPMEwXZXk6TRtnpcCICL1SJ9HRay4NQ61R7pR8+ELCqvp
I8J08Xl2ozwvOb/B
-----END CERTIFICATE-----
`;

/** Builds the app into `app` (created with `resolvers: [ChartValue.resolver()]`); returns its two charts. */
export function buildSecureEvents(app: App): { platform: Chart; events: Chart } {
  kn.Validation.of(app).configure({ clusterConfig: kn.ClusterConfig.DEFAULT.withFeatures(SECURE_EVENTS_FEATURES) });

  const platform = new Chart(app, 'platform');
  new kn.KnativeEventing(platform, 'Eventing', {
    authenticationOidc: true,
    transportEncryption: kn.TransportEncryption.PERMISSIVE,
  });
  new kn.KnativeServing(platform, 'Serving', {
    revisionGc: { retainSinceCreateTime: Duration.hours(24), minNonActiveRevisions: 5, maxNonActiveRevisions: 50 },
    rolloutDuration: Duration.seconds(120),
  });

  const events = new Chart(app, 'secure-events', { namespace: 'orders' });
  const image = kn.ChartValue.stringValue(events, 'secureEvents.image', {
    defaultValue: 'ghcr.io/example/event-display:1.0.0',
    description: 'Image of the display Service and its Configuration.',
  }).asString();
  const trustedSubjects = kn.ChartValue.stringValue(events, 'secureEvents.trustedSubjects', {
    defaultValue: 'system:serviceaccount:payments:*',
    pattern: '^[^*]*\\*?$',
    description: 'OIDC subject (a "*" only at the end) allowed to send to the orders Broker besides the app\'s own sources.',
  }).asString();

  const display = new kn.Service(events, 'Display', {
    metadata: { name: 'display' },
    container: { image },
    rolloutDuration: Duration.seconds(60),
  });

  // Only the heartbeat source and the trusted subjects may send to the Broker.
  const broker = new kn.Broker(events, 'Orders', { metadata: { name: 'orders' } });
  const heartbeat = new kn.PingSource(events, 'Heartbeat', {
    metadata: { name: 'heartbeat' },
    schedule: '*/5 * * * *',
    sink: broker,
  });
  broker.allowFrom(heartbeat);
  broker.allowSubject(trustedSubjects);

  // Orders are enriched with JSONata on their way to the display Service.
  const enrich = new kn.EventTransform(events, 'Enrich', {
    metadata: { name: 'enrich' },
    jsonata: '{ "specversion": "1.0", "id": id, "type": "dev.example.order.enriched", "source": source, "data": $merge([data, { "channel": "web" }]) }',
    sink: display,
  });
  const toEnrich = broker.onEvent('OnOrder', 'dev.example.order.created', enrich, { metadata: { name: 'on-order' } });
  new kn.EventPolicy(events, 'EnrichPolicy', {
    metadata: { name: 'enrich-from-trigger' },
    to: [enrich],
    fromResources: [toEnrich],
  });

  // A synchronous endpoint: the caller's HTTP response is the reply event.
  new kn.RequestReply(events, 'Quote', {
    metadata: { name: 'quote' },
    broker,
    timeout: Duration.seconds(10),
  });

  // An external webhook behind a private CA, with its own OIDC audience.
  new kn.PingSource(events, 'Audit', {
    metadata: { name: 'audit' },
    schedule: '0 * * * *',
    sink: kn.Sink.fromUri('https://audit.example.com/events', { audience: 'audit.example.com', caCerts: EXAMPLE_CA }),
  });

  new kn.EventType(events, 'OrderCreated', {
    metadata: { name: 'order-created' },
    cloudEventType: 'dev.example.order.created',
    source: 'https://shop.example.com/orders',
    reference: broker,
    attributes: [
      { name: 'datacontenttype', value: 'application/json' },
      { name: 'subject', required: false },
      { name: 'time', required: false },
      { name: 'tenant', required: false },
    ],
  });

  // A Configuration released through a Route as a canary, with a custom domain claimed for the namespace.
  const reports = new kn.Configuration(events, 'Reports', {
    metadata: { name: 'reports' },
    revisionName: 'reports-v2',
    container: { image },
  });
  const route = new kn.Route(events, 'ReportsRoute', { metadata: { name: 'reports' } });
  route.canary(reports, 'reports-v1', kn.ChartValue.integerValue(events, 'secureEvents.reportsCanaryPercent', {
    defaultValue: 10, minimum: 0, maximum: 100,
    description: 'Share of the traffic (percent) for the newest reports Revision; the rest stays on reports-v1.',
  }).asNumber());
  new kn.DomainMapping(events, 'ReportsDomain', { domain: 'reports.example.com', target: route }).claim();

  return { platform, events };
}

if (require.main === module) {
  const app = new App({ resolvers: [kn.ChartValue.resolver()] });
  buildSecureEvents(app);
  process.stdout.write(app.synthYaml());
}
