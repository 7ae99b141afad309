import { ApiObject } from 'cdk8s';
import { Resource } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { KReference } from '../core/reference';
import { Validation } from './validation';

/**
 * Base of every construct that wraps one generated API object (the
 * cdk8s-plus `Resource` pattern): name, kind, metadata and a reference
 * usable by other objects. Creating one turns on the validation of the whole
 * app ({@link Validation.of}), so every app holding one is validated on synth.
 * @internal
 */
export abstract class KnativeResource extends Resource {
  protected abstract readonly apiObject: ApiObject;

  /**
   * The plural, lower-case REST resource name of the wrapped object's kind
   * (for example `services` or `brokers`), as used in API paths and RBAC
   * rules.
   */
  public abstract override readonly resourceType: string;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    Validation.of(this);
  }

  /** This object's reference, for sinks, subscribers and cross-object checks. */
  public get reference(): KReference {
    return {
      apiVersion: this.apiVersion,
      kind: this.kind,
      name: this.name,
      namespaceName: this.metadata.namespace,
    };
  }
}
