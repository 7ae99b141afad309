import { ApiObject, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { check, checkPropTypes, METADATA_TYPES, required } from '../core/errors';
import { isUnresolved } from '../core/tokens';
import { checkObjectMeta } from '../core/labels';
import { ISink } from '../core/reference';
import { renderCeOverrides } from '../eventing/attributes';
import { SINK_TYPE } from '../eventing/delivery';
import { renderSink } from '../eventing/sink';
import { KnativeResource } from '../validation/knative-resource';
import { SourceProps } from './source-props';

/** The group, version and kind of a source object. */
export interface SourceKind {
  /** `group/version`, e.g. `sources.knative.dev/v1`. */
  readonly apiVersion: string;
  /** The kind, e.g. `PingSource`. */
  readonly kind: string;
}

/**
 * What every event source shares (Knative's duck-typed `SourceSpec`): one
 * wrapped object whose spec ends with the checked `sink` and `ceOverrides`.
 * A subclass gives the fields of its own kind with `_sourceFields()`; the
 * sink and the overrides are checked when the source is created and
 * rendered after those fields on every synth.
 * @internal
 */
export abstract class SourceBase extends KnativeResource {
  /** The wrapped API object (the escape hatch: `ApiObject.of(x)` finds it too). */
  protected readonly apiObject: ApiObject;
  /** Where the source sends its events. */
  public readonly sink: ISink;
  private readonly ceOverrides?: { [key: string]: string };

  constructor(scope: Construct, id: string, kind: SourceKind, props: SourceProps) {
    super(scope, id);
    checkPropTypes(this, props, { sink: required(SINK_TYPE), ceOverrides: 'stringMap', metadata: METADATA_TYPES });
    check(!isUnresolved(props.ceOverrides), this, 'ceOverrides', 'a chart value',
      'give chart values as the values of the map (`{ team: value.asString() }`), not as the whole map: the attribute names are checked at synth');
    this.sink = props.sink;
    this.ceOverrides = props.ceOverrides;
    this.apiObject = new ApiObject(this, 'Resource', {
      apiVersion: kind.apiVersion,
      kind: kind.kind,
      metadata: props.metadata,
      spec: Lazy.any({ produce: () => this._renderSpec() }),
    });
    checkObjectMeta(this, props.metadata, this.name, 'dns1123-subdomain');
    renderSink(this, 'sink', props.sink);
    renderCeOverrides(this, 'ceOverrides', props.ceOverrides);
  }

  /**
   * The spec fields of this kind of source, without `sink` and `ceOverrides`
   * (undefined fields are dropped).
   * @internal
   */
  protected abstract _sourceFields(): { [key: string]: any };

  /**
   * The whole spec: the kind's fields, then `sink` and `ceOverrides`.
   * @internal
   */
  public _renderSpec(): { [key: string]: any } {
    const fields = this._sourceFields();
    const spec: { [key: string]: any } = {};
    for (const [key, value] of Object.entries(fields)) {
      if (value !== undefined) spec[key] = value;
    }
    spec.sink = renderSink(this, 'sink', this.sink);
    const overrides = renderCeOverrides(this, 'ceOverrides', this.ceOverrides);
    if (overrides) spec.ceOverrides = overrides;
    return spec;
  }
}
