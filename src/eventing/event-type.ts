import { ApiObject, Lazy } from 'cdk8s';
import { ResourceProps } from 'cdk8s-plus-27';
import { Construct, IConstruct } from 'constructs';
import * as gen from '../../imports/eventing-eventtype-eventing.knative.dev';
import { check } from '../core/errors';
import { IAddressable } from '../core/reference';
import { KnativeResource } from '../validation/knative-resource';
import { checkAttributeName } from './attributes';
import { dropUndefined } from '../core/json';
import { checkLabelsAndAnnotations } from '../core/labels';

const EVENT_TYPE_SYMBOL = Symbol.for('cdk8s-knative.EventType');

/** Properties of an {@link EventType}. */
export interface EventTypeProps extends ResourceProps {
  /** The CloudEvents `type` attribute, e.g. `com.example.order.created`. */
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
   * Extension attributes the events carry, by name, with a value (template) or `''` for any value.
   * @default - none
   */
  readonly extensions?: { [key: string]: string };
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
    declaredTypesOf(this).push(props.cloudEventType);
    check(typeof props.cloudEventType === 'string' && props.cloudEventType.trim() !== '', this, 'cloudEventType', props.cloudEventType, 'must be a non-empty CloudEvents type');
    check(props.source === undefined || props.source.trim() !== '', this, 'source', props.source, 'must be a non-empty URI reference when given');
    for (const name of Object.keys(props.extensions ?? {})) {
      checkAttributeName(this, `extensions.${name}`, name);
      check(!CORE_ATTRIBUTES.includes(name), this, `extensions.${name}`, name,
        `must not be a core CloudEvents attribute (${CORE_ATTRIBUTES.join(', ')}); use the matching prop`);
    }
    this.props = props;
    this.cloudEventType = props.cloudEventType;
    this.apiObject = new gen.EventType(this, 'Resource', {
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
      dropUndefined({ name: 'source', value: p.source, required: true }),
      ...(p.schema ? [{ name: 'dataschema', value: p.schema, required: true }] : []),
      ...Object.entries(p.extensions ?? {}).map(([name, value]) => dropUndefined({ name, value: value === '' ? undefined : value, required: true })),
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
