import { Chart } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { Destination, IAddressable, KReference } from './reference';

const IMPORTED_SYMBOL = Symbol.for('cdk8s-knative.ImportedObject');

/**
 * An object that lives outside the app (owned by another team or installed
 * with the platform) and that the app refers to: nothing is synthesized for
 * it, but the cross-reference check knows it exists.
 *
 * Not exported from the package: each domain's `fromXxxName()` import
 * returns its interface (`IService`, `IBroker`...) backed by a private
 * subclass of this class.
 * @internal
 */
export class ImportedObject extends Construct implements IAddressable {
  /** True when `x` is an imported object (any subclass). */
  public static isImportedObject(x: unknown): x is ImportedObject {
    return typeof x === 'object' && x !== null && IMPORTED_SYMBOL in x;
  }

  public readonly reference: KReference;
  public readonly url?: string;

  /**
   * @param reference the object; `namespaceName` defaults to the enclosing chart's namespace
   * @param url its in-cluster address when known
   */
  constructor(scope: Construct, id: string, reference: KReference, url?: string) {
    super(scope, id);
    Object.defineProperty(this, IMPORTED_SYMBOL, { value: true });
    this.reference = { ...reference, namespaceName: reference.namespaceName ?? namespaceOf(this) };
    this.url = url;
  }

  /** The imported object's name. */
  public get name(): string {
    return this.reference.name;
  }

  public toDestination(): Destination {
    return { reference: this.reference };
  }
}

/** The namespace of the chart that holds `scope`, if the chart sets one. */
export function namespaceOf(scope: IConstruct): string | undefined {
  return Chart.of(scope).namespace;
}
