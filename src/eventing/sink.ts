import { Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct, IConstruct } from 'constructs';
import { KnativePropError } from '../core/errors';
import { ImportedObject } from '../core/external';
import { Destination, IAddressable, ISink, KReference } from '../core/reference';

/** Options of a sink that points at an object. */
export interface SinkPathOptions {
  /**
   * A path (relative URI) appended to the object's address, e.g. `/events`.
   * @default - the object's address as is
   */
  readonly path?: string;
}

const SCHEME = /^[a-zA-Z][a-zA-Z0-9+.-]*:/;

/** True when `uri` is absolute with a non-empty host, the form Knative wants for a `uri` without `ref`. */
export function isAbsoluteUri(uri: string): boolean {
  if (!SCHEME.test(uri) || /\s/.test(uri)) return false;
  try {
    return new URL(uri).host !== '';
  } catch {
    return false;
  }
}

/** True when `uri` is a relative reference (no scheme), the form Knative resolves against a `ref`'s address. */
export function isRelativeUri(uri: string): boolean {
  return uri !== '' && !SCHEME.test(uri) && !/\s/.test(uri) && !uri.startsWith('//');
}

/**
 * Where events go: a Knative `Destination` built from a URI, an addressable
 * object of the app, a Kubernetes Service or an object outside the app.
 *
 * Everything in this library that takes a sink, subscriber, reply or
 * dead-letter sink accepts any `ISink`; Brokers, Channels, Sequences,
 * Parallels and Knative Services are sinks themselves.
 *
 * @see https://knative.dev/docs/eventing/sinks/
 */
export class Sink implements ISink {
  /**
   * Events are posted to an absolute URI (scheme and host), e.g.
   * `https://hooks.example.com/events`.
   */
  public static fromUri(uri: string): Sink {
    if (!isAbsoluteUri(uri)) {
      throw new Error(`Sink.fromUri: uri ${JSON.stringify(uri)} is not allowed; must be an absolute URI with a scheme and a host, e.g. "https://example.com/events" (use Sink.fromAddressable() with a path for a relative URI)`);
    }
    return new Sink({ uri });
  }

  /** Events are posted to an addressable object of the app, optionally at a path below its address. */
  public static fromAddressable(addressable: IAddressable, options: SinkPathOptions = {}): Sink {
    checkPath('Sink.fromAddressable', options.path);
    return new Sink({ reference: addressable.reference, uri: options.path });
  }

  /** Events are posted to a Kubernetes Service (`v1 Service`) of the app. */
  public static fromKubeService(service: kplus.Service, options: SinkPathOptions = {}): Sink {
    checkPath('Sink.fromKubeService', options.path);
    return new Sink({
      reference: { apiVersion: 'v1', kind: 'Service', name: service.name, namespaceName: service.metadata.namespace },
      uri: options.path,
    });
  }

  /**
   * Events are posted to an object that lives outside the app (installed by
   * another team or by the platform). An `ImportedObject` is added at
   * `scope`/`id` so that the cross-reference check knows the object.
   *
   * @param reference apiVersion, kind, name and (optionally) `namespaceName` of the object
   */
  public static fromRef(scope: Construct, id: string, reference: KReference, options: SinkPathOptions = {}): Sink {
    checkPath('Sink.fromRef', options.path);
    const external = new ImportedObject(scope, id, reference);
    return new Sink({ reference: external.reference, uri: options.path });
  }

  private constructor(private readonly destination: Destination) {}

  /** The `Destination` this sink stands for. */
  public toDestination(): Destination {
    return this.destination;
  }
}

function checkPath(factory: string, path: string | undefined): void {
  if (path !== undefined && !isRelativeUri(path)) {
    throw new Error(`${factory}: path ${JSON.stringify(path)} is not allowed; must be a relative URI without scheme or host, e.g. "/events"`);
  }
}

/** The namespace of the object being built at `scope`, when known. */
function holderNamespace(scope: IConstruct): string | undefined {
  if (scope instanceof kplus.Resource) return scope.metadata.namespace;
  const chart = scope.node.scopes.find(Chart.isChart);
  return chart?.namespace;
}

/** The shape a `Destination` takes in a synthesized spec (no empty fields). */
export interface RenderedDestination {
  /**
   * The object events are posted to (Knative's `KReference`).
   * @default - absent: the destination is `uri` alone
   */
  readonly ref?: {
    /** The object's API version, e.g. `serving.knative.dev/v1`. */
    apiVersion: string;
    /** The object's kind, e.g. `Service`. */
    kind: string;
    /** The object's name. */
    name: string;
    /**
     * The object's namespace; when set, it is the namespace of the object
     * holding the sink (Knative does not resolve sinks across namespaces).
     * @default - absent: the namespace of the object holding the sink
     */
    namespace?: string;
  };
  /**
   * An absolute URI when there is no `ref`; with a `ref`, a relative URI
   * (a path such as `/events`) resolved against the object's address.
   * @default - absent: the `ref`'s address as is
   */
  readonly uri?: string;
}

/**
 * Checks a sink the way Knative's `Destination` validation does and returns
 * it in the shape the generated specs take. `field` names the prop in errors.
 * @internal
 */
export function renderSink(scope: IConstruct, field: string, sink: ISink): RenderedDestination {
  const dest = sink.toDestination();
  const { reference: ref, uri } = dest;
  if (!ref && (uri === undefined || uri === '')) {
    throw new KnativePropError(scope, field, dest, 'a sink needs a ref, a uri or both (got neither)');
  }
  if (ref) {
    for (const key of ['apiVersion', 'kind', 'name'] as const) {
      if (!ref[key]) throw new KnativePropError(scope, `${field}.ref.${key}`, ref[key], 'must be a non-empty string');
    }
    const holderNs = holderNamespace(scope);
    if (ref.namespaceName && holderNs && ref.namespaceName !== holderNs) {
      throw new KnativePropError(scope, `${field}.ref.namespace`, ref.namespaceName,
        `must be the namespace of the object that holds the sink ("${holderNs}"); Knative does not resolve sinks across namespaces`);
    }
    if (uri !== undefined && !isRelativeUri(uri)) {
      throw new KnativePropError(scope, `${field}.uri`, uri, 'with a ref the uri must be a relative URI (a path such as "/events"); an absolute URI is only allowed without a ref');
    }
  } else if (!isAbsoluteUri(uri!)) {
    throw new KnativePropError(scope, `${field}.uri`, uri, 'without a ref the uri must be an absolute URI with a scheme and a host');
  }
  const renderedRef = ref ? {
    apiVersion: ref.apiVersion,
    kind: ref.kind,
    name: ref.name,
    ...(ref.namespaceName ? { namespace: ref.namespaceName } : {}),
  } : undefined;
  return {
    ...(renderedRef ? { ref: renderedRef } : {}),
    ...(uri !== undefined ? { uri } : {}),
  };
}
