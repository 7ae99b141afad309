import { obj, RuleCase } from '../harness';

const SINK = { ref: { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', name: 'default' } };
const ping = (spec: Record<string, unknown>) => obj('sources.knative.dev/v1', 'PingSource', { schedule: '*/2 * * * *', sink: SINK, ...spec });
const api = (spec: Record<string, unknown>) => obj('sources.knative.dev/v1', 'ApiServerSource', { mode: 'Reference', resources: [{ apiVersion: 'v1', kind: 'Event' }], sink: SINK, ...spec });
const binding = (subject: unknown) => obj('sources.knative.dev/v1', 'SinkBinding', { subject, sink: SINK });
const kafka = (spec: Record<string, unknown>) => obj('sources.knative.dev/v1beta1', 'KafkaSource',
  { bootstrapServers: ['my-cluster-kafka-bootstrap.kafka:9092'], topics: ['orders'], consumers: 2, initialOffset: 'latest', ordering: 'ordered', sink: SINK, ...spec });
const cs = (template: unknown) => obj('sources.knative.dev/v1', 'ContainerSource', { template, sink: SINK });

export const SOURCES_CASES: RuleCase[] = [
  { rule: 'sources/sink', name: 'a Broker sink', obj: ping({}) },
  { rule: 'sources/sink', name: 'a uri sink', obj: api({ sink: { uri: 'https://events.example.com' } }) },
  { rule: 'sources/sink', name: 'no sink', obj: ping({ sink: undefined }), bad: ['spec.sink'] },
  { rule: 'sources/sink', name: 'a ContainerSource with a Broker sink', obj: cs({ spec: { containers: [{ image: 'i' }] } }) },
  { rule: 'sources/sink', name: 'a sink uri without scheme', obj: ping({ sink: { uri: 'events.example.com' } }), bad: ['spec.sink.uri'] },

  { rule: 'sources/ce-overrides', name: 'lower-case extensions', obj: ping({ ceOverrides: { extensions: { team: 'a', env2: 'b' } } }) },
  { rule: 'sources/ce-overrides', name: 'a dashed extension', obj: ping({ ceOverrides: { extensions: { 'my-team': 'a' } } }), bad: ['spec.ceOverrides.extensions["my-team"]'] },
  { rule: 'sources/ce-overrides', name: 'an upper-case extension (a warning: knative/pkg admits ASCII letters)', obj: ping({ ceOverrides: { extensions: { Team: 'a' } } }),
    bad: ['spec.ceOverrides.extensions.Team'], severity: 'warning' },

  { rule: 'sources/ping-schedule', name: 'a step schedule', obj: ping({}) },
  { rule: 'sources/ping-schedule', name: 'names, ranges and a timezone', obj: ping({ schedule: '0 9-17 * JAN-MAR MON-FRI', timezone: 'Europe/Paris' }) },
  { rule: 'sources/ping-schedule', name: 'a CRON_TZ prefix', obj: ping({ schedule: 'CRON_TZ=America/New_York 30 6 * * ?' }) },
  { rule: 'sources/ping-schedule', name: 'a descriptor', obj: ping({ schedule: '@hourly' }) },
  // knative/eventing knative-v1.22.2 pkg/apis/sources/v1/ping_validation_test.go TestPingSourceValidation: "valid spec with second"
  { rule: 'sources/ping-schedule', name: 'six fields, seconds first', obj: ping({ schedule: '0/5 * * * * *' }) },
  { rule: 'sources/ping-schedule', name: 'six fields with ?', obj: ping({ schedule: '10 0/5 * * * ?' }) },
  { rule: 'sources/ping-schedule', name: 'seven fields', obj: ping({ schedule: '0 0 */2 * * * *' }), bad: ['spec.schedule'] },
  { rule: 'sources/ping-schedule', name: 'second 60', obj: ping({ schedule: '60 * * * * *' }), bad: ['spec.schedule'] },
  { rule: 'sources/ping-schedule', name: 'a single field', obj: ping({ schedule: '2' }), bad: ['spec.schedule'] },
  { rule: 'sources/ping-schedule', name: 'minute 60', obj: ping({ schedule: '60 * * * *' }), bad: ['spec.schedule'] },
  { rule: 'sources/ping-schedule', name: '@every', obj: ping({ schedule: '@every 5m' }), bad: ['spec.schedule'] },
  { rule: 'sources/ping-schedule', name: 'an unknown zone in TZ=', obj: ping({ schedule: 'TZ=Mars/Olympus 0 * * * *' }), bad: ['spec.timezone'] },
  { rule: 'sources/ping-schedule', name: 'an unknown timezone', obj: ping({ timezone: 'Europe/Atlantis' }), bad: ['spec.timezone'] },
  { rule: 'sources/ping-schedule', name: 'a CRON_TZ prefix and a timezone', obj: ping({ schedule: 'CRON_TZ=UTC 0 * * * *', timezone: 'Europe/Paris' }), bad: ['spec.schedule'] },
  // ping_defaults.go PingSourceSpec.SetDefaults: an empty schedule becomes "* * * * *"
  { rule: 'sources/ping-schedule', name: 'no schedule (defaulted)', obj: ping({ schedule: undefined }) },
  { rule: 'sources/ping-schedule', name: 'an empty schedule (defaulted)', obj: ping({ schedule: '' }) },
  { rule: 'sources/ping-schedule', name: 'a blank schedule', obj: ping({ schedule: '  ' }), bad: ['spec.schedule'] },

  { rule: 'sources/ping-data', name: 'JSON data', obj: ping({ contentType: 'application/json', data: '{"message": "hi"}' }) },
  { rule: 'sources/ping-data', name: 'base64 data', obj: ping({ dataBase64: Buffer.from('hello').toString('base64') }) },
  { rule: 'sources/ping-data', name: 'both data and dataBase64', obj: ping({ data: 'a', dataBase64: 'YQ==' }), bad: ['spec'] },
  { rule: 'sources/ping-data', name: 'bad base64', obj: ping({ dataBase64: 'not base64!' }), bad: ['spec.dataBase64'] },
  { rule: 'sources/ping-data', name: 'base64 with line breaks (Go skips them)', obj: ping({ contentType: 'application/json', dataBase64: 'eyJh\nIjoxfQ==\n' }) },
  { rule: 'sources/ping-data', name: 'non-JSON data with a JSON content type', obj: ping({ contentType: 'application/json', data: 'hello' }), bad: ['spec.data'] },

  { rule: 'sources/apiserver', name: 'Reference mode on Events', obj: api({}) },
  { rule: 'sources/apiserver', name: 'Resource mode on Deployments', obj: api({ mode: 'Resource', resources: [{ apiVersion: 'apps/v1', kind: 'Deployment' }] }) },
  { rule: 'sources/apiserver', name: 'a bad mode', obj: api({ mode: 'Full' }), bad: ['spec.mode'] },
  { rule: 'sources/apiserver', name: 'no resources', obj: api({ resources: [] }), bad: ['spec.resources'] },
  { rule: 'sources/apiserver', name: 'a resource without kind', obj: api({ resources: [{ apiVersion: 'v1' }] }), bad: ['spec.resources[0].kind'] },
  { rule: 'sources/apiserver', name: 'an upper-case apiVersion (warning)', obj: api({ resources: [{ apiVersion: 'Apps/V1', kind: 'Deployment' }] }), bad: ['spec.resources[0].apiVersion'], severity: 'warning' },
  { rule: 'sources/apiserver', name: 'an apiVersion with two slashes', obj: api({ resources: [{ apiVersion: 'a/b/c', kind: 'X' }] }), bad: ['spec.resources[0].apiVersion'] },
  { rule: 'sources/apiserver', name: 'an owner without kind', obj: api({ owner: { apiVersion: 'apps/v1' } }), bad: ['spec.owner.kind'] },
  // knative/eventing knative-v1.22.2 pkg/apis/sources/v1/apiserver_validation.go validateSubscriptionAPIFiltersList
  { rule: 'sources/apiserver', name: 'filters under stock flags', obj: api({ filters: [{ exact: { type: 'x' } }] }), bad: ['spec.filters'] },
  { rule: 'sources/apiserver', name: 'an empty filters list under stock flags', obj: api({ filters: [] }) },
  { rule: 'sources/apiserver', name: 'an empty mode (defaulted to Reference)', obj: api({ mode: '' }) },
  { rule: 'sources/apiserver', name: 'filters with new-apiserversource-filters', obj: api({ filters: [{ exact: { type: 'dev.knative.apiserver.resource.add' } }] }),
    features: { 'new-apiserversource-filters': 'enabled' } },
  { rule: 'sources/apiserver', name: 'a two-dialect filter with new-apiserversource-filters', obj: api({ filters: [{ exact: { type: 'a' }, prefix: { source: 'b' } }] }),
    features: { 'new-apiserversource-filters': 'enabled' }, bad: ['spec.filters[0]'] },

  { rule: 'sources/sinkbinding-subject', name: 'a named Deployment', obj: binding({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }) },
  { rule: 'sources/sinkbinding-subject', name: 'a selector', obj: binding({ apiVersion: 'batch/v1', kind: 'Job', selector: { matchLabels: { app: 'x' } } }) },
  { rule: 'sources/sinkbinding-subject', name: 'both name and selector', obj: binding({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', selector: {} }), bad: ['spec.subject'] },
  { rule: 'sources/sinkbinding-subject', name: 'neither name nor selector', obj: binding({ apiVersion: 'apps/v1', kind: 'Deployment' }), bad: ['spec.subject'] },
  { rule: 'sources/sinkbinding-subject', name: 'no kind', obj: binding({ apiVersion: 'apps/v1', name: 'web' }), bad: ['spec.subject.kind'] },
  { rule: 'sources/sinkbinding-subject', name: 'a name that is not a DNS-1123 label', obj: binding({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web.v2' }),
    bad: ['spec.subject.name'] },
  { rule: 'sources/sinkbinding-subject', name: 'a kind that is not an identifier', obj: binding({ apiVersion: 'apps/v1', kind: 'Deploy-ment', name: 'web' }), bad: ['spec.subject.kind'] },
  { rule: 'sources/sinkbinding-subject', name: 'an apiVersion with two slashes', obj: binding({ apiVersion: 'a/b/c', kind: 'Deployment', name: 'web' }), bad: ['spec.subject.apiVersion'] },
  { rule: 'sources/sinkbinding-subject', name: 'a selector with a bad operator', obj: binding({ apiVersion: 'apps/v1', kind: 'Deployment',
    selector: { matchExpressions: [{ key: 'app', operator: 'Equals', values: ['x'] }] } }), bad: ['spec.subject.selector.matchExpressions[0].operator'] },
  { rule: 'sources/sinkbinding-subject', name: 'a selector with In and no values', obj: binding({ apiVersion: 'apps/v1', kind: 'Deployment',
    selector: { matchExpressions: [{ key: 'app', operator: 'In' }] } }), bad: ['spec.subject.selector.matchExpressions[0].values'] },
  { rule: 'sources/sinkbinding-subject', name: 'a selector with a bad label value', obj: binding({ apiVersion: 'apps/v1', kind: 'Deployment',
    selector: { matchLabels: { app: 'a b' } } }), bad: ['spec.subject.selector.matchLabels.app'] },
  { rule: 'sources/sinkbinding-subject', name: 'another namespace', obj: binding({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: 'other' }),
    bad: ['spec.subject.namespace'] },

  { rule: 'sources/containersource-template', name: 'one container', obj: cs({ spec: { containers: [{ image: 'ghcr.io/example/heartbeats:1' }] } }) },
  { rule: 'sources/containersource-template', name: 'no template', obj: cs(undefined), bad: ['spec.template'] },
  { rule: 'sources/containersource-template', name: 'no containers', obj: cs({ spec: { containers: [] } }), bad: ['spec.template.spec.containers'] },
  { rule: 'sources/containersource-template', name: 'a container without name (defaulted)', obj: cs({ spec: { containers: [{ image: 'i' }] } }) },
  { rule: 'sources/containersource-template', name: 'a blank image (a warning: Knative only wants it non-empty)', obj: cs({ spec: { containers: [{ name: 'a', image: ' ' }] } }),
    bad: ['spec.template.spec.containers[0].image'], severity: 'warning' },
  { rule: 'sources/containersource-template', name: 'a container without image', obj: cs({ spec: { containers: [{ name: 'a' }] } }), bad: ['spec.template.spec.containers[0].image'] },

  { rule: 'sources/kafka', name: 'a KafkaSource', obj: kafka({}) },
  { rule: 'sources/kafka', name: 'no topics', obj: kafka({ topics: [] }), bad: ['spec.topics'] },
  { rule: 'sources/kafka', name: 'no bootstrap servers', obj: kafka({ bootstrapServers: undefined }), bad: ['spec.bootstrapServers'] },
  // Upstream KafkaSourceSpec.Validate checks neither consumers nor blank entries; an empty initialOffset is defaulted to latest.
  { rule: 'sources/kafka', name: '0 consumers and an empty initialOffset', obj: kafka({ consumers: 0, initialOffset: '' }) },
  { rule: 'sources/kafka', name: 'negative consumers and a bad offset', obj: kafka({ consumers: -1, initialOffset: 'oldest' }), bad: ['spec.consumers', 'spec.initialOffset'] },
  { rule: 'sources/kafka', name: 'a blank topic (a warning)', obj: kafka({ topics: ['orders', ' '] }), bad: ['spec.topics[1]'], severity: 'warning' },
  { rule: 'sources/kafka', name: 'a bad ordering', obj: kafka({ ordering: 'fifo' }), bad: ['spec.ordering'] },
  { rule: 'sources/sink', name: 'a KafkaSource without sink', obj: kafka({ sink: undefined }), bad: ['spec.sink'] },
  { rule: 'eventing/delivery', name: 'a KafkaSource with a bad backoff', obj: kafka({ delivery: { backoffPolicy: 'random' } }), bad: ['spec.delivery.backoffPolicy'] },
];
