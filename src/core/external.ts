import { Chart } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { Destination, IAddressable, KReference } from './reference';

const EXTERNAL_SYMBOL = Symbol.for('cdk8s-knative.ExternalObject');

/**
 * An object that lives outside the app (owned by another team or installed
 * with the platform) and that the app refers to: nothing is synthesized for
 * it, but the cross-reference check knows it exists.
 *
 * Domain constructs return one from their `fromName()` imports, e.g.
 * `Broker.fromName(this, 'Default', 'default')`.
 */
export class ExternalObject extends Construct implements IAddressable {
  /** True when `x` is an {@link ExternalObject}. */
  public static isExternalObject(x: unknown): x is ExternalObject {
    return typeof x === 'object' && x !== null && EXTERNAL_SYMBOL in x;
  }

  public readonly reference: KReference;
  public readonly url?: string;

  /**
   * @param reference the object; `namespace` defaults to the enclosing chart's namespace
   * @param url its in-cluster address when known
   */
  constructor(scope: Construct, id: string, reference: KReference, url?: string) {
    super(scope, id);
    Object.defineProperty(this, EXTERNAL_SYMBOL, { value: true });
    this.reference = { ...reference, namespace: reference.namespace ?? namespaceOf(this) };
    this.url = url;
  }

  public toDestination(): Destination {
    return { ref: this.reference };
  }
}

/** The namespace of the chart that holds `scope`, if the chart sets one. */
export function namespaceOf(scope: IConstruct): string | undefined {
  return Chart.of(scope).namespace;
}
