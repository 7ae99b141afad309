import { ApiObject, Lazy } from 'cdk8s';
import { ResourceProps } from 'cdk8s-plus-27';
import { Construct, IConstruct } from 'constructs';
import type * as gen from '../../imports/eventing-eventtype-eventing.knative.dev';
import { check, checkValue } from '../core/errors';
import { plainValue, ValueRule } from '../core/install-values';
import { IAddressable } from '../core/reference';
import { KnativeResource } from '../validation/knative-resource';
import { attributeNameRule, checkAttributeName, checkNotWholeMap } from './attributes';
import { dropUndefined } from '../core/json';
import { checkLabelsAndAnnotations } from '../core/labels';

/** The generated classes, loaded on first use (see src/core/kinds.ts). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const generated = (): typeof gen => require('../../imports/eventing-eventtype-eventing.knative.dev');

const EVENT_TYPE_SYMBOL = Symbol.for('cdk8s-knative.EventType');

/**
 * One more CloudEvents attribute an {@link EventType} declares: an optional
 * core attribute (`datacontenttype`, `dataschema`, `subject`, `time`) or an
 * extension.
 */
export interface EventTypeAttribute {
  /** The attribute name (lower-case letters and digits). */
  readonly name: string;
  /**
   * Its value, or a template with `{placeholders}`.
   * @default - any value
   */
  readonly value?: string;
  /**
   * Whether every event of the type carries the attribute.
   * @default true
   */
  readonly required?: boolean;
}

/** Properties of an {@link EventType}. */
export interface EventTypeProps extends ResourceProps {
  /**
   * The CloudEvents `type` attribute, e.g. `com.example.order.created`.
   * Like every string of these props, it may be a chart value; Triggers of
   * the app compare their type filters with its default.
   */
  readonly cloudEventType: string;
  /**
   * The CloudEvents `source` (a URI reference; may hold `{placeholders}`).
   * @default - any source
   */
  readonly source?: string;
  /**
   * The CloudEvents `dataschema` URI.
   * @default - no schema
   */
  readonly schema?: string;
  /**
   * A description for the event registry.
   * @default - none
   */
  readonly description?: string;
  /**
   * The Broker or Channel the events are sent to.
   * @default - no reference
   */
  readonly reference?: IAddressable;
  /**
   * Extension attributes every event carries, by name, with a value (template) or `''` for any value
   * (each required; use `attributes` to declare an optional one).
   * @default - none
   */
  readonly extensions?: { [key: string]: string };
  /**
   * More attributes, each with `required` chosen: `datacontenttype`,
   * `dataschema` (or the `schema` prop), `subject`, `time` and extensions.
   * `specversion`, `id`, `type` and `source` come from the props above.
   * @default - none
   */
  readonly attributes?: EventTypeAttribute[];
  /**
   * Whether every event carries the `source` attribute as declared.
   * CloudEvents requires a source on every event, so this only says whether
   * `source` (a value or template) is the one the events carry.
   * @default true
   */
  readonly sourceRequired?: boolean;
}

/**
 * A Knative EventType (`eventing.knative.dev/v1beta3`): declares a CloudEvent
 * type the app produces, for the event registry. Triggers filtering on a
 * type that no EventType declares get a warning (when the app declares any).
 *
 * @see https://knative.dev/docs/eventing/event-registry/
 */
export class EventType extends KnativeResource {
  /** True when `x` is an {@link EventType}. */
  public static isEventType(x: unknown): x is EventType {
    return typeof x === 'object' && x !== null && EVENT_TYPE_SYMBOL in x;
  }

  public readonly resourceType = 'eventtypes';
  /** The wrapped API object (the escape hatch: `ApiObject.of(x)` finds it too). */
  protected readonly apiObject: ApiObject;
  /** The CloudEvents type declared (the `type` attribute). */
  public readonly cloudEventType: string;
  private readonly props: EventTypeProps;

  constructor(scope: Construct, id: string, props: EventTypeProps) {
    super(scope, id);
    checkLabelsAndAnnotations(this, props.metadata);
    Object.defineProperty(this, EVENT_TYPE_SYMBOL, { value: true });
    // checks read what plain synth writes (a chart value's default); tokens get the rules for install
    declaredTypesOf(this).push(plainValue(this, props.cloudEventType));
    check(props.cloudEventType !== undefined, this, 'cloudEventType', undefined, 'must be a non-empty CloudEvents type');
    checkValue(this, 'cloudEventType', props.cloudEventType, { ...NON_BLANK, allowed: 'must be a non-empty CloudEvents type' }, nonBlank);
    checkValue(this, 'source', props.source, { ...NON_BLANK, allowed: 'must be a non-empty URI reference when given' }, nonBlank);
    checkNotWholeMap(this, 'extensions', props.extensions);
    for (const key of Object.keys(props.extensions ?? {})) {
      const name = plainValue(this, key);
      checkAttributeName(this, `extensions.${name}`, key);
      checkValue(this, `extensions.${name}`, key, attributeNameRule(EXTENSION_ALLOWED, CORE_ATTRIBUTES), plain => !CORE_ATTRIBUTES.includes(plain as string));
    }
    const declared = new Set(Object.keys(plainValue(this, props.extensions ?? {})));
    if (props.schema !== undefined) declared.add('dataschema');
    (props.attributes ?? []).forEach((a, i) => {
      const field = `attributes[${i}].name`;
      checkAttributeName(this, field, a.name);
      checkValue(this, field, a.name, attributeNameRule(PROP_ATTRIBUTES_ALLOWED, PROP_ATTRIBUTES), plain => !PROP_ATTRIBUTES.includes(plain as string));
      checkValue(this, field, a.name, attributeNameRule(DATA_ALLOWED, ['data']), plain => plain !== 'data');
      const name = plainValue(this, a.name);
      check(!declared.has(name), this, field, name, `is already declared${name === 'dataschema' ? ' (by the schema prop)' : ''}; declare each attribute once`);
      declared.add(name);
    });
    this.props = props;
    this.cloudEventType = props.cloudEventType;
    this.apiObject = new (generated().EventType)(this, 'Resource', {
      metadata: props.metadata,
      spec: Lazy.any({ produce: () => this._toSpec() }),
    });
  }

  private _toSpec(): gen.EventTypeSpec {
    const p = this.props;
    const attributes: gen.EventTypeSpecAttributes[] = [
      { name: 'specversion', value: '1.0', required: true },
      { name: 'id', required: true },
      { name: 'type', value: p.cloudEventType, required: true },
      dropUndefined({ name: 'source', value: p.source, required: p.sourceRequired ?? true }),
      ...(p.schema ? [{ name: 'dataschema', value: p.schema, required: true }] : []),
      ...Object.entries(p.extensions ?? {}).map(([name, value]) => dropUndefined({ name, value: value === '' ? undefined : value, required: true })),
      ...(p.attributes ?? []).map(a => dropUndefined({ name: a.name, value: a.value === '' ? undefined : a.value, required: a.required ?? true })),
    ];
    const ref = p.reference?.reference;
    return dropUndefined({
      reference: ref ? dropUndefined({ apiVersion: ref.apiVersion, kind: ref.kind, name: ref.name, namespace: ref.namespaceName }) : undefined,
      description: p.description,
      attributes,
    });
  }
}

const CORE_ATTRIBUTES = ['specversion', 'id', 'type', 'source', 'dataschema', 'datacontenttype', 'subject', 'time', 'data'];
/** Attributes the EventType writes from its own props. */
const PROP_ATTRIBUTES = ['specversion', 'id', 'type', 'source'];
const EXTENSION_ALLOWED = `must not be a core CloudEvents attribute (${CORE_ATTRIBUTES.join(', ')}); use the matching prop or attributes`;
const PROP_ATTRIBUTES_ALLOWED = `${PROP_ATTRIBUTES.join(', ')} come from the props cloudEventType and source; list the other attributes here`;
const DATA_ALLOWED = 'data is the event payload, not an attribute';
/** Text with at least one character other than white space. */
const NON_BLANK: ValueRule = { pattern: '^[\\s]*[^\\s][\\s\\S]*$', allowed: 'must not be empty' };

function nonBlank(plain: unknown): boolean {
  return typeof plain === 'string' && plain.trim() !== '';
}

const DECLARED = Symbol.for('cdk8s-knative.declaredEventTypes');

/** The types the EventTypes of the app that holds `scope` declare, in creation order: kept on the root, no tree walk. */
export function declaredTypesOf(scope: IConstruct): string[] {
  const root = scope.node.root as unknown as Record<symbol, string[] | undefined>;
  let list = root[DECLARED];
  if (!list) {
    list = [];
    Object.defineProperty(root, DECLARED, { value: list, enumerable: false });
  }
  return list;
}
