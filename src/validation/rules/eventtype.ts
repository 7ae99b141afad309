import { describeValue } from '../../core/errors';
import { Finding, Manifest } from '../types';
import { parseGoUrl } from './destination';
import { arr, finding, join, rec, rule, str } from './util';

/** The CloudEvents attributes a `v1beta3` EventType must list (Knative checks names only, not values). */
export const EVENT_TYPE_REQUIRED_ATTRIBUTES = ['type', 'source', 'specversion', 'id'];

/** `v1beta1`/`v1beta2`: `spec.type` is required; `source` and `schema` are URLs Knative must be able to decode. */
function checkFlatEventType(obj: Manifest): Finding[] {
  const spec = rec(obj.spec);
  const out: Finding[] = [];
  if (spec.type === undefined || spec.type === null || spec.type === '') {
    out.push(finding('spec.type', 'the CloudEvents type is missing', 'set spec.type, e.g. "com.example.order.created"'));
  }
  for (const field of ['source', 'schema']) {
    const value = str(spec[field]);
    if (value !== undefined && parseGoUrl(value) === undefined) {
      out.push(finding(join('spec', field), `${describeValue(value)} is not a URI Knative can parse`,
        `use a URI reference such as https://example.com/${field === 'source' ? 'orders' : 'schemas/order.json'} or /orders`));
    }
  }
  return out;
}

/** `v1beta3`: the attributes must name type, source, specversion and id; a name listed twice keeps only its last entry. */
function checkAttributes(obj: Manifest): Finding[] {
  const attributes = arr(rec(obj.spec).attributes);
  const out: Finding[] = [];
  const seen = new Map<string, number>();
  attributes.forEach((a, i) => {
    const name = str(rec(a).name);
    if (name === undefined) return;
    const first = seen.get(name);
    if (first === undefined) {
      seen.set(name, i);
    } else {
      out.push(finding(join(join('spec.attributes', i), 'name'), `attribute ${describeValue(name)} is listed again (first at spec.attributes[${first}])`,
        'Knative keeps only the last entry of a name; list each attribute once', 'warning'));
    }
  });
  const missing = EVENT_TYPE_REQUIRED_ATTRIBUTES.filter(n => !seen.has(n));
  if (missing.length > 0) {
    out.push(finding('spec.attributes', `the attributes ${missing.map(n => describeValue(n)).join(', ')} are missing`,
      `list every one of ${EVENT_TYPE_REQUIRED_ATTRIBUTES.join(', ')} (a value is optional), e.g. { name: "id", required: true }`));
  }
  return out;
}

export const eventTypeRule = rule(
  'eventing/eventtype',
  'an EventType names its CloudEvents type: spec.type (v1beta1, v1beta2; source and schema parse as URIs), or attributes type, source, specversion and id (v1beta3)',
  ['eventing.knative.dev/EventType'],
  (obj) => {
    const version = obj.apiVersion.split('/')[1];
    if (version === 'v1beta1' || version === 'v1beta2') return checkFlatEventType(obj);
    if (version === 'v1beta3') return checkAttributes(obj);
    return [];
  },
);
