import { ksvc, obj, RuleCase } from '../harness';

const route = (traffic: unknown) => obj('serving.knative.dev/v1', 'Route', traffic === undefined ? {} : { traffic }, { name: 'r' });

export const TRAFFIC_CASES: RuleCase[] = [
  { rule: 'serving/traffic-target', name: 'a Service without traffic (defaulted)', obj: ksvc() },
  { rule: 'serving/traffic-target', name: 'a pinned and a latest target', obj: ksvc({ traffic: [{ revisionName: 'hello-v1', percent: 90 }, { latestRevision: true, percent: 10 }] }) },
  { rule: 'serving/traffic-target', name: 'a Route to a configuration', obj: route([{ configurationName: 'cfg', percent: 100 }]) },
  { rule: 'serving/traffic-target', name: 'latestRevision true with a revisionName', obj: ksvc({ traffic: [{ revisionName: 'hello-v1', latestRevision: true, percent: 100 }] }),
    bad: ['spec.traffic[0].latestRevision'] },
  { rule: 'serving/traffic-target', name: 'latestRevision false without a revisionName', obj: ksvc({ traffic: [{ latestRevision: false, percent: 100 }] }),
    bad: ['spec.traffic[0].latestRevision'] },
  { rule: 'serving/traffic-target', name: 'configurationName in a Service', obj: ksvc({ traffic: [{ configurationName: 'hello', percent: 100 }] }),
    bad: ['spec.traffic[0].configurationName'] },
  { rule: 'serving/traffic-target', name: 'a Route target with neither name', obj: route([{ latestRevision: true, percent: 100 }]), bad: ['spec.traffic[0]'] },
  { rule: 'serving/traffic-target', name: 'a Route target with both names', obj: route([{ revisionName: 'a', configurationName: 'b', percent: 100 }]), bad: ['spec.traffic[0]'] },
  { rule: 'serving/traffic-target', name: 'percent 120', obj: ksvc({ traffic: [{ latestRevision: true, percent: 120 }] }), bad: ['spec.traffic[0].percent'] },
  { rule: 'serving/traffic-target', name: 'an empty url', obj: ksvc({ traffic: [{ percent: 100, url: '' }] }) },
  { rule: 'serving/traffic-target', name: 'a qualified configurationName with a prefix', obj: route([{ configurationName: 'example.com/cfg', percent: 100 }]) },
  { rule: 'serving/traffic-target', name: 'a revisionName with a space', obj: route([{ revisionName: 'a b', percent: 100 }]), bad: ['spec.traffic[0].revisionName'] },
  { rule: 'serving/traffic-target', name: 'a 64-character revisionName', obj: route([{ revisionName: 'r'.repeat(64), percent: 100 }]), bad: ['spec.traffic[0].revisionName'] },
  { rule: 'serving/traffic-target', name: 'a url in spec', obj: ksvc({ traffic: [{ percent: 100, url: 'http://x' }] }), bad: ['spec.traffic[0].url'] },

  { rule: 'serving/traffic-percent-sum', name: 'a defaulted Service', obj: ksvc() },
  { rule: 'serving/traffic-percent-sum', name: '90 + 10 + a 0% tag', obj: ksvc({ traffic: [{ revisionName: 'hello-v1', percent: 90 }, { percent: 10 }, { tag: 'canary', percent: 0 }] }) },
  { rule: 'serving/traffic-percent-sum', name: '50 + 40', obj: ksvc({ traffic: [{ revisionName: 'hello-v1', percent: 50 }, { percent: 40 }] }), bad: ['spec.traffic'] },
  { rule: 'serving/traffic-percent-sum', name: 'a target without percent', obj: ksvc({ traffic: [{ latestRevision: true }] }), bad: ['spec.traffic'] },
  { rule: 'serving/traffic-percent-sum', name: 'a Route without traffic', obj: route(undefined), bad: ['spec.traffic'] },

  { rule: 'serving/traffic-tags', name: 'distinct tags', obj: ksvc({ traffic: [{ percent: 100, tag: 'current' }, { revisionName: 'hello-v1', percent: 0, tag: 'prev' }] }) },
  { rule: 'serving/traffic-tags', name: 'a duplicate tag', obj: ksvc({ traffic: [{ percent: 100, tag: 'a' }, { revisionName: 'hello-v1', percent: 0, tag: 'a' }] }),
    bad: ['spec.traffic[1].tag'] },
  { rule: 'serving/traffic-tags', name: 'an upper-case tag', obj: route([{ configurationName: 'c', percent: 100, tag: 'Canary' }]), bad: ['spec.traffic[0].tag'] },
  { rule: 'serving/traffic-tags', name: 'a tag starting with a digit', obj: ksvc({ traffic: [{ percent: 100, tag: '1st' }] }), bad: ['spec.traffic[0].tag'] },
];
