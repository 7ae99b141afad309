import { ApiObject, Chart, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { check, checkDns1123Label, checkValue, isDns1123Subdomain, KnativePropError } from '../core';
import { holdsToken, plainValue } from '../core/install-values';
import { isTypedSecret } from '../core/typed-secret';
import { AuthorizationPolicy } from './authorization-policy';
import { checkGatewayServer, Gateway, GatewayProtocol, GatewayServer, GatewayServerJson, renderGatewayServer, ServerTls } from './gateway';
import { checkIstioHosts, checkWorkloadSelector, isIstioHost } from './hosts';
import { checkMtlsMode, MtlsMode, PeerAuthentication } from './peer-authentication';

/** Knative's ingress class for net-istio (`config-network` `ingress-class`). */
export const NET_ISTIO_INGRESS_CLASS = 'istio.ingress.networking.knative.dev';

/** The name net-istio gives the shared external gateway. */
export const KNATIVE_INGRESS_GATEWAY = 'knative-ingress-gateway';

/** Options of the TLS modes of {@link IngressTls} that terminate TLS. */
export interface IngressTlsOptions {
  /**
   * Redirect plain HTTP to HTTPS: at the gateway for a wildcard certificate,
   * by Knative (`http-protocol: Redirected`) with auto-TLS.
   * @default true
   */
  readonly httpsRedirect?: boolean;
}

/** Options of {@link IngressTls.autoTls}. */
export interface AutoTlsOptions extends IngressTlsOptions {
  /**
   * Knative certificate class that issues the certificates.
   * @default 'cert-manager.certificate.networking.knative.dev' (net-certmanager)
   */
  readonly certificateClass?: string;
}

/** How TLS is terminated for the cluster domain. */
export class IngressTls {
  /**
   * One certificate for `*.<domain>` at the ingress gateway (SIMPLE TLS,
   * `credentialName`). Istio reads it from the gateway workload's namespace,
   * so the Secret must live there (e.g. a TlsSecret from an ExternalSecret in `istio-system`).
   * A wildcard certificate covers one label, hence the default domain
   * template `{{.Name}}-{{.Namespace}}.{{.Domain}}`.
   */
  public static wildcardCertificate(credential: kplus.ISecret, options: IngressTlsOptions = {}): IngressTls {
    return new IngressTls({ kind: 'wildcard', credential, httpsRedirect: options.httpsRedirect ?? true });
  }

  /**
   * Knative's external-domain TLS ("auto-TLS"): a certificate per Route,
   * issued through the certificate class (net-certmanager must be installed).
   * The gateway keeps plain HTTP on port 80 for ACME HTTP-01 challenges;
   * Knative redirects to HTTPS itself (`http-protocol: Redirected`).
   * @see https://knative.dev/docs/serving/encryption/external-domain-tls/
   */
  public static autoTls(options: AutoTlsOptions = {}): IngressTls {
    return new IngressTls({
      kind: 'auto',
      certificateClass: options.certificateClass ?? 'cert-manager.certificate.networking.knative.dev',
      httpsRedirect: options.httpsRedirect ?? true,
    });
  }

  /** UNSAFE: plain HTTP only, no TLS anywhere at the edge (and no redirect). For local clusters. */
  public static unsafeHttpOnly(): IngressTls {
    return new IngressTls({ kind: 'none', httpsRedirect: false });
  }

  private constructor(private readonly config: IngressTlsConfig) {}

  /**
   * The TLS mode and its settings.
   * @internal
   */
  public _bind(): IngressTlsConfig {
    return this.config;
  }
}

/**
 * What an {@link IngressTls} holds.
 * @internal
 */
export interface IngressTlsConfig {
  /** `wildcard`, `auto` or `none`. */
  readonly kind: 'wildcard' | 'auto' | 'none';
  /** The wildcard certificate Secret. */
  readonly credential?: kplus.ISecret;
  /** The certificate class for auto-TLS. */
  readonly certificateClass?: string;
  /** Whether plain HTTP is redirected to HTTPS. */
  readonly httpsRedirect: boolean;
}

/** Where the Knative settings of a {@link KnativeIngress} go. */
export enum KnativeIngressMode {
  /**
   * Knative Serving is installed from its release YAML (or a Helm chart):
   * the `config-network`, `config-domain` and `config-istio` ConfigMaps and
   * the `knative-ingress-gateway` Gateway are emitted into `knative-serving`.
   */
  CONFIG_MAPS = 'ConfigMaps',
  /**
   * The Knative Operator installs Serving: neither the ConfigMaps nor the
   * Gateway are emitted (the operator owns both and would revert them); hand
   * the ingress to `KnativeServing.useIngress()` instead.
   */
  OPERATOR = 'Operator',
}

/** A DomainMapping host served with its own certificate. */
export interface CustomDomain {
  /** The host, e.g. `shop.example.org`. */
  readonly host: string;
  /** Its `kubernetes.io/tls` Secret, in the gateway workload's namespace. */
  readonly certificate: kplus.ISecret;
}

/** Props of {@link KnativeIngress}. */
export interface KnativeIngressProps {
  /**
   * The cluster domain Knative Services get hosts under (`config-domain`),
   * e.g. `apps.example.com`. May be a Helm chart value token.
   */
  readonly domain: string;
  /** How TLS is terminated; there is no default so plain HTTP is never chosen by accident. */
  readonly tls: IngressTls;
  /**
   * Namespaces where Knative Services run: each is created with
   * `istio-injection: enabled`, gets a PeerAuthentication (`mtlsMode`) and
   * the AuthorizationPolicies that let Knative's system components in.
   * @default - none
   */
  readonly appNamespaces?: string[];
  /**
   * `config-network` `domain-template`.
   * @default '{{.Name}}-{{.Namespace}}.{{.Domain}}' with a wildcard certificate, else Knative's '{{.Name}}.{{.Namespace}}.{{.Domain}}'
   * @see https://knative.dev/docs/serving/using-a-custom-domain/
   */
  readonly domainTemplate?: string;
  /**
   * mTLS mode for the app namespaces.
   * @default MtlsMode.STRICT
   */
  readonly mtlsMode?: MtlsMode;
  /**
   * Namespaces besides `knative-serving`, the gateway namespace and the app
   * namespace itself whose workloads may call the app workloads (e.g.
   * `knative-eventing` to deliver events).
   * @default - none
   */
  readonly allowedNamespaces?: string[];
  /**
   * Let Knative create the ClusterDomainClaim of every DomainMapping host
   * (`autocreate-cluster-domain-claims`). Leave off with several tenants:
   * then an admin creates a ClusterDomainClaim per host and decides which
   * namespace may map it.
   * @default false
   * @see https://knative.dev/docs/serving/services/custom-domains/
   */
  readonly autocreateClusterDomainClaims?: boolean;
  /**
   * DomainMapping hosts with their certificates (HTTPS servers on the gateway).
   * @default - none
   */
  readonly customDomains?: CustomDomain[];
  /**
   * The namespace Knative Serving runs in.
   * @default 'knative-serving'
   */
  readonly knativeServingNamespace?: string;
  /**
   * Namespace of the Istio ingress gateway workload; certificates must live here.
   * @default 'istio-system'
   */
  readonly gatewayNamespace?: string;
  /**
   * Labels of the ingress gateway pods.
   * @default { istio: 'ingressgateway' }
   */
  readonly gatewaySelector?: { [key: string]: string };
  /**
   * The ingress gateway Kubernetes Service (`config-istio`).
   * @default 'istio-ingressgateway.<gatewayNamespace>.svc.cluster.local'
   */
  readonly gatewayService?: string;
  /**
   * Emit the Namespace objects for the app namespaces (and `knative-serving`,
   * see `injectKnativeServing`) with the injection label. Set false when
   * another construct creates them; then label them `istio-injection: enabled` there.
   * @default true
   */
  readonly createNamespaces?: boolean;
  /**
   * Label `knative-serving` for sidecar injection. The activator proxies
   * requests to scaled-to-zero or bursting revisions, and under STRICT mTLS
   * it can only reach them with a sidecar.
   * @default true
   */
  readonly injectKnativeServing?: boolean;
  /**
   * Where the Knative settings go: ConfigMaps and the Gateway in
   * `knative-serving`, or the Knative Operator's `KnativeServing` (through
   * `KnativeServing.useIngress()`).
   * @default KnativeIngressMode.CONFIG_MAPS
   */
  readonly mode?: KnativeIngressMode;
}

/**
 * What {@link KnativeIngress._toOperatorConfig} returns: parts of a `KnativeServing` (operator.knative.dev) spec.
 * @internal
 */
export interface KnativeIngressOperatorConfig {
  /** `spec.config`: `network`, `domain` and `istio` entries. */
  readonly config: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** `spec.ingress`: Istio enabled, with the `knative-ingress-gateway` override. */
  readonly ingress: {
    /** `spec.ingress.istio`: the Istio ingress settings. */
    readonly istio: {
      /** Whether the operator installs net-istio; always true. */
      readonly 'enabled': boolean;
      /** Replaces the spec of the shared `knative-serving/knative-ingress-gateway`. */
      readonly 'knative-ingress-gateway': {
        /** Labels of the gateway workload (Envoy pods) it configures, e.g. `{ istio: 'ingressgateway' }`. */
        readonly selector: Readonly<Record<string, string>>;
        /** The gateway's servers: HTTPS on 443 for the wildcard certificate and each custom domain, HTTP on 80 (redirecting to HTTPS when the gateway terminates TLS). */
        readonly servers: GatewayServerJson[];
      };
    };
  };
}

/** A DNS subdomain of at least two labels whose top-level label is not all digits (Istio refuses one as a host). */
const TOP_LEVEL_LABEL = '([a-z]([-a-z0-9]*[a-z0-9])?|[0-9]+[a-z]([-a-z0-9]*[a-z0-9])?|[0-9]+-[-a-z0-9]*[a-z0-9])';
const DOMAIN_PATTERN = `^([a-z0-9]([-a-z0-9]*[a-z0-9])?[.])+${TOP_LEVEL_LABEL}$`;

/** Label that turns on Istio sidecar injection for a namespace. */
export const ISTIO_INJECTION_LABEL = 'istio-injection';

/**
 * What a platform team sets up by hand to run Knative Serving behind Istio
 * (net-istio), as one construct:
 *
 * - the shared ingress gateway `knative-serving/knative-ingress-gateway`,
 *   replacing net-istio's plain-HTTP default: HTTPS on 443 for
 *   `*.<domain>` with the wildcard certificate (and any custom domains),
 *   HTTP on 80 redirecting to HTTPS;
 * - Knative's network settings: `ingress-class` for Istio, the domain
 *   template, external-domain TLS (auto-TLS) or `default-external-scheme:
 *   https` when the gateway terminates TLS; the cluster domain in
 *   `config-domain`; the gateways in `config-istio`. Exposed as data
 *   (`networkConfig`, `domainConfig`, `istioConfig`) and, by default, emitted
 *   as ConfigMaps into `knative-serving`;
 * - every app namespace labelled `istio-injection: enabled`, with a STRICT
 *   PeerAuthentication, and an ALLOW AuthorizationPolicy that admits
 *   Knative's system components (activator and autoscaler from
 *   `knative-serving`, the ingress gateway) and the namespace's own
 *   workloads, plus one that admits the `/healthz` and `/metrics` paths
 *   Knative probes and scrapes. Because an ALLOW policy denies whatever it
 *   does not match, every other namespace is refused unless listed in
 *   `allowedNamespaces`;
 * - `knative-serving` labelled for injection, so the activator can reach
 *   STRICT workloads.
 *
 * Cluster-local Services (`networking.knative.dev/visibility: cluster-local`)
 * are served by net-istio's `knative-local-gateway`, which this leaves as installed.
 * net-istio's readiness prober probes the gateway's HTTPS (SIMPLE) servers
 * and skips redirecting HTTP servers, so Routes still become Ready behind
 * the redirect; it cannot probe MUTUAL servers, hence SIMPLE TLS throughout.
 *
 * @see https://knative.dev/docs/serving/istio-authorization/
 * @see https://github.com/knative-extensions/net-istio
 */
export class KnativeIngress extends Construct {
  /** Where the Knative settings go. */
  public readonly mode: KnativeIngressMode;
  /** `config-network` data. */
  public readonly networkConfig: { [key: string]: string };
  /** `config-domain` data. */
  public readonly domainConfig: { [key: string]: string };
  /** `config-istio` data. */
  public readonly istioConfig: { [key: string]: string };
  /** The shared ingress gateway; unset with `KnativeIngressMode.OPERATOR`. */
  public readonly gateway?: Gateway;
  /** Labels of the ingress gateway pods. */
  public readonly gatewaySelector: { [key: string]: string };
  /** The PeerAuthentications, by app namespace. */
  public readonly peerAuthentications: { [namespace: string]: PeerAuthentication };
  /** The AuthorizationPolicies, by app namespace. */
  public readonly authorizationPolicies: { [namespace: string]: AuthorizationPolicy[] };
  /** The namespace Knative Serving runs in. */
  public readonly knativeServingNamespace: string;
  private readonly servers: GatewayServer[];

  constructor(scope: Construct, id: string, props: KnativeIngressProps) {
    super(scope, id);
    const tls = props.tls._bind();
    const serving = props.knativeServingNamespace ?? 'knative-serving';
    const gatewayNs = props.gatewayNamespace ?? 'istio-system';
    const appNamespaces = props.appNamespaces ?? [];
    const redirect = tls.httpsRedirect;
    this.knativeServingNamespace = serving;
    this.mode = props.mode ?? KnativeIngressMode.CONFIG_MAPS;
    check(Object.values(KnativeIngressMode).includes(this.mode), this, 'mode', this.mode, `must be one of ${Object.values(KnativeIngressMode).join(', ')}`);

    // Istio (gateway hosts `*.<domain>`) refuses an all-numeric top-level domain
    // (chart values: the default is checked now, the rule goes with the value to install)
    checkValue(this, 'domain', props.domain, {
      pattern: DOMAIN_PATTERN, maxLength: 253,
      allowed: 'must be a DNS name with at least two labels and a top-level domain that is not all digits, e.g. "apps.example.com"',
    }, v => typeof v === 'string' && isDns1123Subdomain(v) && v.includes('.') && !/\.\d+$/.test(v));
    checkDns1123Label(this, 'knativeServingNamespace', serving);
    checkDns1123Label(this, 'gatewayNamespace', gatewayNs);
    appNamespaces.forEach((ns, i) => {
      checkDns1123Label(this, `appNamespaces[${i}]`, ns);
      check(![serving, gatewayNs, 'kube-system'].includes(ns), this, `appNamespaces[${i}]`, ns,
        'must be a namespace for apps, not a system namespace');
      check(appNamespaces.indexOf(ns) === i, this, `appNamespaces[${i}]`, ns, 'must be listed once');
    });
    (props.allowedNamespaces ?? []).forEach((ns, i) =>
      checkDns1123Label(this, `allowedNamespaces[${i}]`, ns));
    for (const [i, d] of (props.customDomains ?? []).entries()) {
      checkIstioHosts(this, `customDomains[${i}].host`, [d.host], false);
      if (holdsToken(d.host)) {
        // a chart value: its default checked as an Istio host, the rule recorded for install
        checkValue(this, `customDomains[${i}].host`, d.host, {
          pattern: `^([*][.])?([a-z0-9]([-a-z0-9]*[a-z0-9])?|([a-z0-9]([-a-z0-9]*[a-z0-9])?[.])+${TOP_LEVEL_LABEL})$`,
          allowed: 'must be a DNS name such as "api.example.com", optionally prefixed with "*."',
        }, v => typeof v === 'string' && isIstioHost(v, { allowBareWildcard: false }));
      }
      this.checkCredentialNamespace(`customDomains[${i}].certificate`, d.certificate, gatewayNs);
    }
    if (tls.credential) this.checkCredentialNamespace('tls', tls.credential, gatewayNs);
    if (props.domainTemplate !== undefined) this.checkDomainTemplate(props.domainTemplate, tls.kind === 'wildcard');
    checkMtlsMode(this, 'mtlsMode', props.mtlsMode ?? MtlsMode.STRICT);
    if (props.gatewaySelector !== undefined) {
      // checked here too: with KnativeIngressMode.OPERATOR no Gateway construct sees it
      check(Object.keys(props.gatewaySelector).length > 0, this, 'gatewaySelector', props.gatewaySelector,
        'must have at least one label, or the gateway configures every Envoy');
      checkWorkloadSelector(this, 'gatewaySelector', props.gatewaySelector);
      for (const [key, value] of Object.entries(props.gatewaySelector)) {
        // a chart value: its default checked as a label value of a selector, the rules recorded for install
        if (!holdsToken(value)) continue;
        checkValue(this, `gatewaySelector.${key}`, value, { pattern: '^[^*]*$', allowed: 'must not hold "*"; Istio selects workloads by exact label values' });
        checkValue(this, `gatewaySelector.${key}`, value, { maxLength: 63, allowed: 'must be at most 63 characters, as label values are' },
          v => typeof v === 'string' && v.length <= 63);
      }
    }
    // net-istio's Gateway.Validate(): the service is a DNS-1123 subdomain (a trailing dot allowed)
    checkValue(this, 'gatewayService', props.gatewayService, {
      pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?([.][a-z0-9]([-a-z0-9]*[a-z0-9])?)*[.]?$',
      allowed: 'must be the host name of the gateway\'s Kubernetes Service, e.g. "istio-ingressgateway.istio-system.svc.cluster.local"',
    }, v => typeof v === 'string' && isDns1123Subdomain(v.replace(/\.$/, '')));

    // Knative settings, as data first.
    const domainTemplate = props.domainTemplate
      ?? (tls.kind === 'wildcard' ? '{{.Name}}-{{.Namespace}}.{{.Domain}}' : '{{.Name}}.{{.Namespace}}.{{.Domain}}');
    const network: Record<string, string> = {
      'ingress-class': NET_ISTIO_INGRESS_CLASS,
      'domain-template': domainTemplate,
      'external-domain-tls': tls.kind === 'auto' ? 'Enabled' : 'Disabled',
    };
    if (tls.kind === 'auto') {
      network['certificate-class'] = tls.certificateClass!;
      network['http-protocol'] = redirect ? 'Redirected' : 'Enabled';
    }
    if (tls.kind === 'wildcard') network['default-external-scheme'] = 'https';
    if (props.autocreateClusterDomainClaims) network['autocreate-cluster-domain-claims'] = 'true';
    this.networkConfig = network;
    this.domainConfig = { [props.domain]: '' };
    const gatewayService = props.gatewayService ?? `istio-ingressgateway.${gatewayNs}.svc.cluster.local`;
    this.istioConfig = {
      [`gateway.${serving}.${KNATIVE_INGRESS_GATEWAY}`]: gatewayService,
      [`local-gateway.${serving}.knative-local-gateway`]: `knative-local-gateway.${gatewayNs}.svc.cluster.local`,
    };

    // The shared ingress gateway's servers.
    const servers: GatewayServer[] = [];
    const add = (field: string, server: GatewayServer) => servers.push(checkGatewayServer(this, field, server, servers, serving));
    if (tls.kind === 'wildcard') {
      add('tls', {
        hosts: [`*.${props.domain}`], port: 443, portName: 'https', protocol: GatewayProtocol.HTTPS, tls: ServerTls.simple(tls.credential!),
      });
    }
    (props.customDomains ?? []).forEach((d, i) => add(`customDomains[${i}]`, {
      hosts: [d.host], port: 443, portName: `https-custom-${i}`, protocol: GatewayProtocol.HTTPS, tls: ServerTls.simple(d.certificate),
    }));
    add('httpsRedirect', {
      hosts: ['*'], port: 80, portName: 'http', protocol: GatewayProtocol.HTTP,
      // With auto-TLS Knative redirects per Route and port 80 must stay open for ACME HTTP-01 challenges.
      tls: redirect && tls.kind === 'wildcard' ? ServerTls.httpsRedirect() : undefined,
    });
    this.gatewaySelector = props.gatewaySelector ?? { istio: 'ingressgateway' };
    this.servers = servers;

    if (this.mode === KnativeIngressMode.CONFIG_MAPS) {
      this.gateway = new Gateway(this, 'Gateway', {
        metadata: { name: KNATIVE_INGRESS_GATEWAY, namespace: serving, labels: { 'networking.knative.dev/ingress-provider': 'istio' } },
        selector: this.gatewaySelector,
        servers,
      });
      const cm = (cid: string, name: string, data: { [key: string]: string }) => new kplus.k8s.KubeConfigMap(this, cid, {
        metadata: { name, namespace: serving, labels: { 'app.kubernetes.io/part-of': 'knative-serving' } },
        data: { ...data },
      });
      cm('ConfigNetwork', 'config-network', this.networkConfig);
      cm('ConfigDomain', 'config-domain', this.domainConfig);
      cm('ConfigIstio', 'config-istio', this.istioConfig);
    }

    const createNamespaces = props.createNamespaces ?? true;
    if (createNamespaces && (props.injectKnativeServing ?? true)) this.namespace(`Ns-${serving}`, serving);

    const peers: Record<string, PeerAuthentication> = {};
    const policies: Record<string, AuthorizationPolicy[]> = {};
    for (const ns of appNamespaces) {
      if (createNamespaces) this.namespace(`Ns-${ns}`, ns);
      peers[ns] = new PeerAuthentication(this, `Mtls-${ns}`, {
        metadata: { name: 'default', namespace: ns },
        mtlsMode: props.mtlsMode ?? MtlsMode.STRICT,
      });
      const allowed = [serving, gatewayNs, ns, ...(props.allowedNamespaces ?? [])];
      policies[ns] = [
        new AuthorizationPolicy(this, `AllowKnative-${ns}`, {
          metadata: { name: 'allow-knative-system', namespace: ns },
          rules: [{ source: { namespaces: [...new Set(allowed)] } }],
        }),
        new AuthorizationPolicy(this, `AllowProbes-${ns}`, {
          metadata: { name: 'allow-knative-probes', namespace: ns },
          rules: [{ operation: { paths: ['/healthz', '/metrics'] } }],
        }),
      ];
    }
    this.peerAuthentications = peers;
    this.authorizationPolicies = policies;
  }

  /** The servers of `knative-ingress-gateway` (a copy). */
  public get gatewayServers(): GatewayServer[] {
    return [...this.servers];
  }

  /**
   * The settings in the shape of the Knative Operator's `KnativeServing`
   * spec: `config` (by config map name without `config-`) and
   * `ingress.istio` (the gateway's selector and servers).
   * @internal
   */
  public _toOperatorConfig(): KnativeIngressOperatorConfig {
    const servers = this.servers.map(renderGatewayServer);
    return {
      config: { network: { ...this.networkConfig }, domain: { ...this.domainConfig }, istio: { ...this.istioConfig } },
      ingress: {
        istio: {
          'enabled': true,
          'knative-ingress-gateway': { selector: { ...this.gatewaySelector }, servers },
        },
      },
    };
  }

  private namespace(id: string, name: string): ApiObject {
    const obj = new kplus.k8s.KubeNamespace(this, id, { metadata: { name, labels: { [ISTIO_INJECTION_LABEL]: 'enabled' } } });
    // Namespaces are cluster-scoped; drop the chart's default namespace.
    if (Chart.of(this).namespace !== undefined) obj.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
    return obj;
  }

  /**
   * Knative's `checkDomainTemplate`: the template renders a host name with no
   * path. A template of only `{{.Name}}`, `{{.Namespace}}` and `{{.Domain}}`
   * is rendered here with sample values and must give a DNS name under the
   * domain (one label under it with a wildcard certificate, which covers one
   * label); other template actions are left to Knative.
   */
  private checkDomainTemplate(value: string, wildcard: boolean): void {
    // a chart value: its default is checked, the placeholders are required at install
    checkValue(this, 'domainTemplate', value, {
      pattern: '^.*([{][{][.]Name[}][}].*[{][{][.]Domain[}][}]|[{][{][.]Domain[}][}].*[{][{][.]Name[}][}]).*$',
      allowed: 'must contain {{.Name}} and {{.Domain}}',
    }, v => typeof v === 'string' && v.includes('{{.Name}}') && v.includes('{{.Domain}}'));
    const template = plainValue(this, value);
    const fields: Record<string, string> = { Name: 'name', Namespace: 'namespace', Domain: 'example.com' };
    const literal = template.replace(/\{\{\.(Name|Namespace|Domain)\}\}/g, '');
    if (literal.includes('{{') || literal.includes('}}')) return;
    const host = template.replace(/\{\{\.(Name|Namespace|Domain)\}\}/g, (_, f: string) => fields[f]);
    check(isDns1123Subdomain(host), this, 'domainTemplate', template,
      `must render a DNS name (lower-case labels joined by dots, no port or path); it renders "${host}" for Service "name" in "namespace" under "example.com"`);
    if (wildcard) {
      const prefix = host.endsWith('.example.com') ? host.slice(0, -'.example.com'.length) : undefined;
      check(prefix !== undefined && !prefix.includes('.'), this, 'domainTemplate', template,
        `must render one label under the domain with a wildcard certificate, which covers "*.<domain>" only (it renders "${host}" under "example.com"); `
        + 'join the parts with "-", e.g. "{{.Name}}-{{.Namespace}}.{{.Domain}}"');
    }
  }

  private checkCredentialNamespace(field: string, secret: kplus.ISecret, gatewayNs: string): void {
    if (isTypedSecret(secret) && secret.namespaceName !== undefined && secret.namespaceName !== gatewayNs) {
      throw new KnativePropError(this, field, `${secret.namespaceName}/${secret.name}`,
        `must be a Secret in "${gatewayNs}", the namespace of the ingress gateway workload, where Istio reads credentialName from`);
    }
  }
}
