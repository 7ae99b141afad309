import { Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct, IConstruct } from 'constructs';
import { checkValue, KnativePropError, withDefaultNote } from '../core/errors';
import { caCertsProblem } from '../core/ca-certs';
import { constrainAtInstall, holdsToken, plainValue, ValueRule } from '../core/install-values';
import { ImportedObject } from '../core/external';
import { Destination, IAddressable, ISink, KReference } from '../core/reference';

/**
 * How a sender authenticates to a sink and trusts its certificate: the
 * OIDC `audience` (used when the `authentication-oidc` feature is on) and
 * the `CACerts` (used with `transport-encryption`).
 * @see https://knative.dev/docs/eventing/features/sender-identity/
 * @see https://knative.dev/docs/eventing/features/transport-encryption/
 */
export interface SinkSecurityOptions {
  /**
   * The OIDC audience the sender requests a token for. Only needed when the
   * target does not publish its own (a URI, a plain Kubernetes Service);
   * it takes precedence over the target's.
   * @default - the audience the target publishes
   */
  readonly audience?: string;
  /**
   * PEM-encoded CA certificates (one or more `CERTIFICATE` blocks) the
   * sender trusts for the sink's TLS certificate.
   * @default - the cluster's trust bundles
   */
  readonly caCerts?: string;
}

/** Options of a sink that points at an object. */
export interface SinkPathOptions extends SinkSecurityOptions {
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
 * An absolute URI with a host, as far as a pattern can tell (a value is checked
 * in full by {@link isAbsoluteUri}).
 * @internal
 */
export const ABSOLUTE_URI_PATTERN = '^[a-zA-Z][a-zA-Z0-9+.-]*://[^\\s/?#]+([/?#][^\\s]*)?$';
const ABSOLUTE_URI_RULE: ValueRule = {
  pattern: ABSOLUTE_URI_PATTERN,
  allowed: 'without a ref the uri must be an absolute URI with a scheme and a host',
};
/** A relative URI: no scheme, no whitespace, not `//` first (exactly {@link isRelativeUri}). */
const RELATIVE_URI_RULE: ValueRule = {
  pattern: '^(/([^/\\s][^\\s]*)?|[^/a-zA-Z\\s][^\\s]*|[a-zA-Z][a-zA-Z0-9+.-]*([^a-zA-Z0-9+.:\\s-][^\\s]*)?)$',
  allowed: 'with a ref the uri must be a relative URI (a path such as "/events"); an absolute URI is only allowed without a ref',
};
/** A non-empty OIDC audience. */
const AUDIENCE_RULE: ValueRule = { pattern: '^[\\s]*[^\\s][\\s\\S]*$', allowed: 'must be a non-empty OIDC audience' };
/** PEM text, as far as a pattern can tell (a value is checked in full by `caCertsProblem`). */
const CA_CERTS_RULE: ValueRule = {
  pattern: '^[\\s\\S]*-----BEGIN CERTIFICATE-----[\\s\\S]*-----END CERTIFICATE-----[\\s\\S]*$',
  allowed: 'must hold PEM-encoded CA certificates ("-----BEGIN CERTIFICATE-----" ...)',
};

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
   * `https://hooks.example.com/events`. The URI, or any part of it, may be a
   * chart value (`https://${host.asString()}/events`): its default is checked
   * when the sink is used, and the chart refuses a value that is not an
   * absolute URI at install.
   */
  public static fromUri(uri: string, options: SinkSecurityOptions = {}): Sink {
    // a chart value's default is only known in the app: renderSink checks it where the sink is used
    if (!holdsToken(uri) && !isAbsoluteUri(uri)) {
      throw new Error(`Sink.fromUri: uri ${JSON.stringify(uri)} is not allowed; must be an absolute URI with a scheme and a host, e.g. "https://example.com/events" (use Sink.fromAddressable() with a path for a relative URI)`);
    }
    checkSecurity('Sink.fromUri', options);
    return new Sink({ uri, ...security(options) });
  }

  /** Events are posted to an addressable object of the app, optionally at a path below its address. */
  public static fromAddressable(addressable: IAddressable, options: SinkPathOptions = {}): Sink {
    checkPath('Sink.fromAddressable', options.path);
    checkSecurity('Sink.fromAddressable', options);
    return new Sink({ reference: addressable.reference, uri: options.path, ...security(options) });
  }

  /** Events are posted to a Kubernetes Service (`v1 Service`) of the app. */
  public static fromKubeService(service: kplus.Service, options: SinkPathOptions = {}): Sink {
    checkPath('Sink.fromKubeService', options.path);
    checkSecurity('Sink.fromKubeService', options);
    return new Sink({
      reference: { apiVersion: 'v1', kind: 'Service', name: service.name, namespaceName: service.metadata.namespace },
      uri: options.path,
      ...security(options),
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
    checkSecurity('Sink.fromRef', options);
    const external = new ImportedObject(scope, id, reference);
    return new Sink({ reference: external.reference, uri: options.path, ...security(options) });
  }

  private constructor(private readonly destination: Destination) {}

  /** The `Destination` this sink stands for. */
  public toDestination(): Destination {
    return this.destination;
  }
}

function checkPath(factory: string, path: string | undefined): void {
  if (path !== undefined && !holdsToken(path) && !isRelativeUri(path)) {
    throw new Error(`${factory}: path ${JSON.stringify(path)} is not allowed; must be a relative URI without scheme or host, e.g. "/events"`);
  }
}

function security(options: SinkSecurityOptions): { audience?: string; caCerts?: string } {
  return {
    ...(options.audience !== undefined ? { audience: options.audience } : {}),
    ...(options.caCerts !== undefined ? { caCerts: options.caCerts } : {}),
  };
}

/** Checks what the factory can check; a chart value is checked where the sink is used (`renderSink`). */
function checkSecurity(factory: string, options: SinkSecurityOptions): void {
  if (options.audience !== undefined && !holdsToken(options.audience) && (typeof options.audience !== 'string' || options.audience.trim() === '')) {
    throw new Error(`${factory}: audience ${JSON.stringify(options.audience)} is not allowed; must be a non-empty OIDC audience`);
  }
  const problem = options.caCerts === undefined || holdsToken(options.caCerts) ? undefined : caCertsProblem(options.caCerts);
  if (problem) throw new Error(`${factory}: caCerts is not allowed; ${problem}`);
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
  /**
   * The OIDC audience the sender requests a token for.
   * @default - absent: the target's own audience
   */
  readonly audience?: string;
  /**
   * PEM-encoded CA certificates the sender trusts (Knative's `CACerts`).
   * @default - absent: the cluster's trust bundles
   */
  readonly CACerts?: string;
}

/**
 * Checks a sink the way Knative's `Destination` validation does and returns
 * it in the shape the generated specs take. `field` names the prop in errors.
 * A chart value (in the uri, audience or CA certificates) is checked by its
 * default, and its rule is recorded for install; the token itself is written.
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
    // namespaces compare by what plain synth writes (a chart value's default)
    const holderNs = plainValue(scope, holderNamespace(scope));
    const refNs = plainValue(scope, ref.namespaceName);
    if (refNs && holderNs && refNs !== holderNs) {
      throw new KnativePropError(scope, `${field}.ref.namespace`, refNs, withDefaultNote(holdsToken([holderNamespace(scope), ref.namespaceName]),
        `must be the namespace of the object that holds the sink ("${holderNs}"); Knative does not resolve sinks across namespaces`));
    }
    if (uri !== undefined) checkValue(scope, `${field}.uri`, uri, RELATIVE_URI_RULE, plain => typeof plain === 'string' && isRelativeUri(plain));
  } else {
    checkValue(scope, `${field}.uri`, uri, ABSOLUTE_URI_RULE, plain => typeof plain === 'string' && isAbsoluteUri(plain));
  }
  const renderedRef = ref ? {
    apiVersion: ref.apiVersion,
    kind: ref.kind,
    name: ref.name,
    ...(ref.namespaceName ? { namespace: ref.namespaceName } : {}),
  } : undefined;
  checkValue(scope, `${field}.audience`, dest.audience, AUDIENCE_RULE, plain => typeof plain === 'string' && plain.trim() !== '');
  if (dest.caCerts !== undefined) {
    // the PEM text is not repeated in the message
    constrainAtInstall(scope, `${field}.CACerts`, dest.caCerts, CA_CERTS_RULE);
    const tokens = holdsToken(dest.caCerts);
    const caProblem = caCertsProblem(tokens ? plainValue(scope, dest.caCerts) : dest.caCerts);
    if (caProblem) throw new KnativePropError(scope, `${field}.CACerts`, '(PEM text)', withDefaultNote(tokens, caProblem));
  }
  return {
    ...(renderedRef ? { ref: renderedRef } : {}),
    ...(uri !== undefined ? { uri } : {}),
    ...(dest.audience !== undefined ? { audience: dest.audience } : {}),
    ...(dest.caCerts !== undefined ? { CACerts: dest.caCerts } : {}),
  };
}
