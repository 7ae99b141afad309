import { ApiObject, ApiObjectMetadata, Lazy } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct, IConstruct } from 'constructs';
import type { GatewaySpecServers } from '../../imports/istio-gateway-networking.istio.io';
import { KINDS } from '../core/kinds';
import { check, ImportedObject, KnativePropError, KReference } from '../core';
import { isTypedSecret } from '../core/typed-secret';
import { KnativeResource } from '../validation/knative-resource';
import { checkDnsLabel, checkGatewayHosts, checkPort, checkWorkloadSelector } from './hosts';
import { plainValue } from '../core/install-values';
import { checkObjectMeta } from '../core/labels';
import { isUnresolved, tokenAwareString } from '../core/tokens';

/** An Istio Gateway, defined in this app or imported with {@link Gateway.fromGatewayName}. */
export interface IGateway extends IConstruct {
  /** The gateway's reference (name and namespace). */
  readonly reference: KReference;
}

/**
 * How a VirtualService names a gateway: `namespace/name`, or just `name`
 * when the namespace is unknown (then Istio looks in the VirtualService's namespace).
 */
export function gatewayName(gateway: IGateway): string {
  const { name, namespaceName: namespace } = gateway.reference;
  return namespace ? `${namespace}/${name}` : name;
}

/** The protocol a gateway server port speaks. */
export enum GatewayProtocol {
  /** Plain HTTP/1.1 (no TLS settings except `ServerTls.httpsRedirect()`). */
  HTTP = 'HTTP',
  /** HTTP over TLS terminated at the gateway; needs TLS settings. */
  HTTPS = 'HTTPS',
  /** Plain-text HTTP/2. */
  HTTP2 = 'HTTP2',
  /** gRPC over plain-text HTTP/2. */
  GRPC = 'GRPC',
  /** Opaque TCP, routed by port only. */
  TCP = 'TCP',
  /** TLS with SNI routing (terminated or passed through). */
  TLS = 'TLS',
}

/** TLS versions for a gateway server's minimum. */
export enum TlsVersion {
  /** Let Istio choose the optimal version (its default; TLS 1.2 or later on gateways). */
  TLS_AUTO = 'TLS_AUTO',
  /** TLS 1.2. */
  TLSV1_2 = 'TLSV1_2',
  /** TLS 1.3. */
  TLSV1_3 = 'TLSV1_3',
}

/** Istio's server-side TLS modes. */
export enum ServerTlsMode {
  /** Terminate TLS with the server certificate (one-way TLS). */
  SIMPLE = 'SIMPLE',
  /** Terminate TLS and require a client certificate signed by the CA. */
  MUTUAL = 'MUTUAL',
  /** Terminate Istio mutual TLS (mesh certificates), e.g. for east-west gateways. */
  ISTIO_MUTUAL = 'ISTIO_MUTUAL',
  /** Route on SNI and pass the TLS stream through untouched. */
  PASSTHROUGH = 'PASSTHROUGH',
}

/** Options for terminating TLS. */
export interface ServerTlsOptions {
  /**
   * Oldest TLS version accepted.
   * @default - Istio's default (TLS 1.2)
   */
  readonly minProtocolVersion?: TlsVersion;
}

/** Options for {@link ServerTls.mutual}. */
export interface MutualTlsOptions extends ServerTlsOptions {
  /**
   * A Secret with the CA (`ca.crt`) client certificates must chain to.
   * @default - the `ca.crt` key of the credential itself
   */
  readonly caCertificate?: kplus.ISecret;
  /**
   * Accept only client certificates with one of these subject alternative names.
   * @default - any certificate signed by the CA
   */
  readonly subjectAltNames?: string[];
}

/**
 * The TLS settings of a gateway server. Certificates are always Kubernetes
 * Secrets named with `credentialName`: Istio reads them from the namespace
 * of the gateway's workload (e.g. `istio-system` for `istio-ingressgateway`).
 * @see https://istio.io/latest/docs/reference/config/networking/gateway/#ServerTLSSettings
 */
export class ServerTls {
  /** Terminate TLS with the certificate and key in `credential` (a `kubernetes.io/tls` Secret). */
  public static simple(credential: kplus.ISecret, options: ServerTlsOptions = {}): ServerTls {
    return new ServerTls(ServerTlsMode.SIMPLE, { credential, ...options });
  }

  /** Terminate TLS and require client certificates. */
  public static mutual(credential: kplus.ISecret, options: MutualTlsOptions = {}): ServerTls {
    return new ServerTls(ServerTlsMode.MUTUAL, { credential, ...options });
  }

  /** Terminate Istio mutual TLS with the mesh's certificates. */
  public static istioMutual(): ServerTls {
    return new ServerTls(ServerTlsMode.ISTIO_MUTUAL, {});
  }

  /** Pass TLS through to the destination, routing on SNI. */
  public static passthrough(): ServerTls {
    return new ServerTls(ServerTlsMode.PASSTHROUGH, {});
  }

  /** For plain HTTP servers: answer every request with a 301 to HTTPS (read back as `redirectsToHttps`). */
  public static httpsRedirect(): ServerTls {
    return new ServerTls(undefined, { httpsRedirect: true });
  }

  /** The TLS mode, unset for an HTTPS redirect. */
  public readonly mode?: ServerTlsMode;
  /** The server certificate Secret. */
  public readonly credential?: kplus.ISecret;
  /** The CA Secret for MUTUAL. */
  public readonly caCertificate?: kplus.ISecret;
  /** For MUTUAL: the subject alternative names a client certificate must have one of; unset accepts any certificate signed by the CA. */
  public readonly subjectAltNames?: string[];
  /** Oldest TLS version accepted; unset leaves Istio's default (TLS 1.2). */
  public readonly minProtocolVersion?: TlsVersion;
  /** True for `ServerTls.httpsRedirect()`: the HTTP server answers every request with a 301 to HTTPS. */
  public readonly redirectsToHttps: boolean;

  private constructor(mode: ServerTlsMode | undefined, fields: ServerTlsFields) {
    this.mode = mode;
    this.credential = fields.credential;
    this.caCertificate = fields.caCertificate;
    this.subjectAltNames = fields.subjectAltNames;
    this.minProtocolVersion = fields.minProtocolVersion;
    this.redirectsToHttps = fields.httpsRedirect ?? false;
  }
}

/** What the factories of {@link ServerTls} set. */
interface ServerTlsFields extends MutualTlsOptions {
  readonly credential?: kplus.ISecret;
  readonly httpsRedirect?: boolean;
}

/** One server (port + hosts) of a gateway. */
export interface GatewayServer {
  /**
   * Hosts served, `[namespace/]host`: `*`, `*.example.com`, `api.example.com`,
   * `apps/*.example.com` (only VirtualServices in `apps` may bind).
   */
  readonly hosts: string[];
  /**
   * Port number the gateway workload listens on. Servers may share a port
   * only where Istio merges them: plain HTTP/HTTP2/GRPC servers together,
   * HTTPS/TLS servers together (by SNI, each host in one of them); a TCP
   * server needs its own port.
   */
  readonly port: number;
  /** Protocol on the port. */
  readonly protocol: GatewayProtocol;
  /**
   * Name of the port, unique in the gateway.
   * @default - the protocol in lower case, e.g. `https` (with `-<port>` when the protocol repeats)
   */
  readonly portName?: string;
  /**
   * TLS settings; required for HTTPS and TLS, only `ServerTls.httpsRedirect()` on HTTP.
   * @default - no TLS
   */
  readonly tls?: ServerTls;
}

/** Options of {@link Gateway.addHttpsServer}. */
export interface HttpsServerOptions extends ServerTlsOptions {
  /** Hosts the certificate is for. */
  readonly hosts: string[];
  /** The `kubernetes.io/tls` Secret with the certificate and key. */
  readonly credential: kplus.ISecret;
  /**
   * Port number the gateway workload listens on.
   * @default 443
   */
  readonly port?: number;
  /**
   * Name of the port, unique in the gateway.
   * @default 'https'
   */
  readonly portName?: string;
}

/** Options of {@link Gateway.addHttpRedirectServer}. */
export interface HttpRedirectServerOptions {
  /** Hosts to redirect. */
  readonly hosts: string[];
  /**
   * Port number the gateway workload listens on.
   * @default 80
   */
  readonly port?: number;
  /**
   * Name of the port, unique in the gateway.
   * @default 'http'
   */
  readonly portName?: string;
}

/** Options of {@link Gateway.fromGatewayName}. */
export interface GatewayImportOptions {
  /**
   * The gateway's namespace.
   * @default - the chart's namespace; without one, a VirtualService names the gateway without namespace (its own)
   */
  readonly namespaceName?: string;
}

/** Props of {@link Gateway}. */
export interface GatewayProps {
  /**
   * Name and namespace. Knative's shared gateways are `knative-ingress-gateway`
   * and `knative-local-gateway` in `knative-serving`.
   * @default - name generated from the construct path, namespace of the chart
   */
  readonly metadata?: ApiObjectMetadata;
  /**
   * Labels of the gateway workload (Envoy pods) this configures.
   * @default { istio: 'ingressgateway' }
   */
  readonly selector?: { [key: string]: string };
  /**
   * The servers; more can be added with `addServer()`.
   * @default - none (at least one is needed before synth)
   */
  readonly servers?: GatewayServer[];
}

/**
 * An Istio Gateway (networking.istio.io/v1): the ports, hosts and TLS an
 * ingress (or egress) Envoy serves. VirtualServices bind to it to route the traffic.
 * @see https://istio.io/latest/docs/reference/config/networking/gateway/
 */
export class Gateway extends KnativeResource implements IGateway {
  /**
   * Refers to a Gateway outside the app, e.g. net-istio's
   * `knative-serving/knative-ingress-gateway` (nothing is synthesized for it).
   */
  public static fromGatewayName(scope: Construct, id: string, name: string, options: GatewayImportOptions = {}): IGateway {
    checkDnsLabel(scope, `${id}.name`, name);
    checkDnsLabel(scope, `${id}.namespaceName`, options.namespaceName);
    return new ImportedGateway(scope, id, name, options.namespaceName);
  }

  /** The plural REST resource name of the kind: `gateways`. */
  public readonly resourceType = 'gateways';
  /** The workload selector. */
  public readonly selector: { [key: string]: string };
  /** The wrapped API object (the escape hatch: `ApiObject.of(x)` finds it too). */
  protected readonly apiObject: ApiObject;
  private readonly _servers: GatewayServer[] = [];

  constructor(scope: Construct, id: string, props: GatewayProps = {}) {
    super(scope, id);
    checkObjectMeta(this, props.metadata, props.metadata?.name, 'dns1123-label');
    this.selector = props.selector ?? { istio: 'ingressgateway' };
    check(Object.keys(this.selector).length > 0, this, 'selector', this.selector, 'must have at least one label, or the gateway configures every Envoy');
    checkWorkloadSelector(this, 'selector', this.selector);
    // a plain ApiObject, written as the construct built its spec (already in wire form): the generated
    // class's conversion maps every list, and a chart value list (one token until the chart renders it) is no list
    this.apiObject = new ApiObject(this, 'Resource', {
      ...KINDS.Gateway,
      metadata: props.metadata,
      spec: Lazy.any({ produce: () => this._toSpec() }),
    });
    props.servers?.forEach(s => this.addServer(s));
    this.node.addValidation({ validate: () => this._servers.length === 0 ? ['Gateway has no servers; add one with addServer()'] : [] });
  }

  /** The servers (a copy). */
  public get servers(): GatewayServer[] {
    return [...this._servers];
  }

  /** Adds a server; fails for a bad port, host or TLS combination. */
  public addServer(server: GatewayServer): void {
    this._servers.push(checkGatewayServer(this, `servers[${this._servers.length}]`, server, this._servers, this.metadata.namespace));
  }

  /** Adds an HTTPS server that terminates TLS with `credential` (mode SIMPLE). */
  public addHttpsServer(options: HttpsServerOptions): void {
    this.addServer({
      hosts: options.hosts,
      port: options.port ?? 443,
      portName: options.portName ?? 'https',
      protocol: GatewayProtocol.HTTPS,
      tls: ServerTls.simple(options.credential, { minProtocolVersion: options.minProtocolVersion }),
    });
  }

  /** Adds a plain HTTP server that redirects every request to HTTPS (301). */
  public addHttpRedirectServer(options: HttpRedirectServerOptions): void {
    this.addServer({
      hosts: options.hosts,
      port: options.port ?? 80,
      portName: options.portName ?? 'http',
      protocol: GatewayProtocol.HTTP,
      tls: ServerTls.httpsRedirect(),
    });
  }

  private _toSpec() {
    return {
      selector: { ...this.selector },
      servers: this._servers.map(s => renderGatewayServer(s) as GatewaySpecServers),
    };
  }
}

/** A Gateway outside the app, from {@link Gateway.fromGatewayName}. */
class ImportedGateway extends ImportedObject implements IGateway {
  constructor(scope: Construct, id: string, name: string, namespaceName?: string) {
    super(scope, id, { apiVersion: KINDS.Gateway.apiVersion, kind: KINDS.Gateway.kind, name, namespaceName });
  }
}

/**
 * A gateway server as Istio (and the Knative Operator's `spec.ingress.istio`) reads it. */
export interface GatewayServerJson {
  /** Hosts served, `[namespace/]host`, e.g. `*.example.com`. */
  readonly hosts: string[];
  /** The port the gateway workload listens on. */
  readonly port: {
    /** The port number (1-65535). */
    readonly number: number;
    /** The port name, unique in the gateway, e.g. `https`. */
    readonly name: string;
    /** The protocol, a `GatewayProtocol` value, e.g. `HTTPS`. */
    readonly protocol: string;
  };
  /**
   * The server's TLS settings (Istio's `ServerTLSSettings`).
   * @default - absent: no TLS
   */
  readonly tls?: {
    /**
     * True when the HTTP server redirects every request to HTTPS (301).
     * @default - absent: no redirect
     */
    readonly httpsRedirect?: boolean;
    /**
     * The TLS mode, a `ServerTlsMode` value, e.g. `SIMPLE`.
     * @default - absent (only for an HTTPS redirect)
     */
    readonly mode?: string;
    /**
     * Name of the Secret with the server certificate and key, read from the namespace of the gateway workload.
     * @default - absent: no certificate (ISTIO_MUTUAL, PASSTHROUGH, redirect)
     */
    readonly credentialName?: string;
    /**
     * Name of the Secret with the CA client certificates must chain to (MUTUAL).
     * @default - absent: the `ca.crt` key of `credentialName`
     */
    readonly caCertCredentialName?: string;
    /**
     * Subject alternative names a client certificate must have one of (MUTUAL).
     * @default - absent: any certificate signed by the CA
     */
    readonly subjectAltNames?: string[];
    /**
     * Oldest TLS version accepted, a `TlsVersion` value.
     * @default - absent: Istio's default (TLS 1.2)
     */
    readonly minProtocolVersion?: string;
  };
}

/**
 * Checks one server against the servers before it and returns it with its
 * port name filled in; throws {@link KnativePropError} naming `field`.
 */
export function checkGatewayServer(
  scope: IConstruct, field: string, server: GatewayServer, before: readonly GatewayServer[] = [], namespace?: string,
): GatewayServer {
  checkGatewayHosts(scope, `${field}.hosts`, server.hosts);
  checkPort(scope, `${field}.port`, server.port);
  const tls = server.tls;
  const p = server.protocol;
  if (p === GatewayProtocol.HTTPS || p === GatewayProtocol.TLS) {
    check(tls !== undefined && !tls.redirectsToHttps, scope, `${field}.tls`, tls?.redirectsToHttps ? 'httpsRedirect' : undefined,
      `protocol ${p} needs ServerTls.simple(), mutual(), istioMutual() or passthrough()`);
  } else if (tls !== undefined) {
    check(p === GatewayProtocol.HTTP && tls.redirectsToHttps, scope, `${field}.tls`, tls.mode,
      `protocol ${p} takes no TLS settings except ServerTls.httpsRedirect() on HTTP; use protocol HTTPS or TLS to terminate TLS`);
  }
  if (tls?.mode === ServerTlsMode.MUTUAL && tls.caCertificate === undefined && tls.credential !== undefined && isTypedSecret(tls.credential)) {
    check((tls.credential.keys ?? []).includes('ca.crt'), scope, `${field}.tls.caCertificate`, undefined,
      `MUTUAL needs the client CA: give caCertificate, or a credential with ca.crt (TlsSecret withCaCertificate: true); "${tls.credential.name}" has none`);
  }
  if (tls?.credential !== undefined && isTypedSecret(tls.credential)) {
    check(tls.credential.secretType === 'kubernetes.io/tls' || tls.credential.secretType === 'Opaque', scope, `${field}.tls.credential`,
      tls.credential.name, `must be a kubernetes.io/tls Secret with tls.crt and tls.key, not ${tls.credential.secretType}`);
  }
  const base = p.toLowerCase();
  // the names and ports of chart values are compared by their defaults
  const taken = before.map(s => plainValue(scope, s.portName));
  const portName = server.portName ?? (taken.includes(base) ? `${base}-${tokenAwareString(server.port)}` : base);
  checkDnsLabel(scope, `${field}.portName`, portName);
  const plainName = plainValue(scope, portName);
  if (taken.includes(plainName)) {
    throw new KnativePropError(scope, `${field}.portName`, plainName, 'must be unique in the gateway');
  }
  checkSharedPort(scope, field, server, before, namespace);
  return { ...server, portName };
}

/**
 * How istiod merges the servers of one port into one Envoy listener
 * (`mergeGateways` in istio/istio `pilot/pkg/model/gateway.go`): plain-text
 * HTTP, HTTP2 and GRPC servers merge into one route table; HTTPS and TLS
 * servers share the port by SNI; a TCP server cannot share its port.
 */
function portGroup(p: GatewayProtocol): 'plain HTTP' | 'TLS' | 'TCP' {
  if (p === GatewayProtocol.HTTPS || p === GatewayProtocol.TLS) return 'TLS';
  return p === GatewayProtocol.TCP ? 'TCP' : 'plain HTTP';
}

/**
 * Hosts as istiod compares them (`sanitizeServerHostNamespace`): `*\/h` is
 * `h`, `*\/*` makes the whole list `*`, `./h` is `<namespace>/h`.
 */
function effectiveHosts(hosts: readonly string[], namespace: string | undefined): string[] {
  if (hosts.includes('*/*')) return ['*'];
  return hosts.map(h => (h.startsWith('*/') ? h.slice(2) : h.startsWith('./') && namespace !== undefined && !isUnresolved(namespace) ? `${namespace}/${h.slice(2)}` : h));
}

/**
 * Throws for a server that istiod drops at run time although its webhook
 * takes it: one on the port of an earlier server it cannot merge with
 * (a mix of plain text and TLS, or a second TCP server), and a server with
 * TLS settings repeating a host of an earlier one on the same port (Envoy
 * cannot have two filter chains with the same SNI match; istiod skips the
 * later server with "duplicate host names").
 */
function checkSharedPort(scope: IConstruct, field: string, raw: GatewayServer, rawBefore: readonly GatewayServer[], namespace?: string): void {
  // chart values are compared by their defaults (what plain synth writes)
  const server = plainServer(scope, raw);
  const before = rawBefore.map(s => plainServer(scope, s));
  const group = portGroup(server.protocol);
  const samePort = before.filter(s => s.port === server.port);
  const other = samePort.find(s => portGroup(s.protocol) !== group || group === 'TCP');
  if (other !== undefined) {
    throw new KnativePropError(scope, `${field}.port`, server.port,
      `conflicts with server "${other.portName}" (${other.protocol} on port ${other.port}): Istio merges the servers of a port into one listener `
      + `and drops a ${server.protocol} server it cannot merge with ${other.protocol}; plain HTTP/HTTP2/GRPC servers may share a port, `
      + 'HTTPS/TLS servers may share one (by SNI), a TCP server needs a port of its own; use another port number');
  }
  if (server.tls === undefined) return;
  const hosts = effectiveHosts(server.hosts, namespace);
  for (const s of samePort.filter(b => b.tls !== undefined)) {
    const earlier = new Set(effectiveHosts(s.hosts, namespace));
    const i = hosts.findIndex(h => earlier.has(h));
    if (i >= 0) {
      throw new KnativePropError(scope, `${field}.hosts[${i}]`, server.hosts[i],
        `is already served on port ${server.port} by server "${s.portName}": Istio ignores a server with TLS settings that repeats `
        + 'a host of an earlier one on the same port (two SNI filter chains cannot match the same name); '
        + 'list the host in one server only, or use another port number');
    }
  }
}

/** `s` with chart values replaced by their defaults (the TLS settings, a class, are kept). */
function plainServer(scope: IConstruct, s: GatewayServer): GatewayServer {
  const { tls, ...rest } = s;
  return { ...plainValue(scope, rest), tls };
}

/** Renders a (checked) server the way Istio reads it. */
export function renderGatewayServer(s: GatewayServer): GatewayServerJson {
  const tls = s.tls;
  const json: GatewayServerJson = {
    hosts: [...s.hosts],
    port: { number: s.port, name: s.portName ?? s.protocol.toLowerCase(), protocol: s.protocol },
    tls: tls === undefined ? undefined : {
      httpsRedirect: tls.redirectsToHttps ? true : undefined,
      mode: tls.mode,
      credentialName: tls.credential?.name,
      caCertCredentialName: tls.caCertificate?.name,
      subjectAltNames: tls.subjectAltNames ? [...tls.subjectAltNames] : undefined,
      minProtocolVersion: tls.minProtocolVersion,
    },
  };
  return JSON.parse(JSON.stringify(json));
}
