import { Chart } from 'cdk8s';
import * as kn from '../../src';

/** Options of {@link addIngressExample}. */
export interface IngressExampleOptions {
  /** Namespaces the example apps run in: sidecar injection, STRICT mTLS, Knative allowed in. */
  readonly namespaces: string[];
  /** Cluster domain, e.g. `apps.example.com`; the certificate covers `*.<domain>`. */
  readonly domain: string;
  /**
   * ClusterSecretStore that holds the wildcard certificate.
   * @default 'platform-secrets'
   */
  readonly secretStore?: string;
  /**
   * Knative Serving is installed by the Knative Operator (settings go to its CR).
   * @default false
   */
  readonly viaOperator?: boolean;
}

/**
 * Knative behind the Istio ingress with TLS and STRICT mTLS: the wildcard
 * certificate comes from the secret store through an ExternalSecret into
 * `istio-system` (where the ingress gateway reads it; no key material in
 * the manifests), the shared `knative-ingress-gateway` terminates HTTPS and
 * redirects HTTP, and every app namespace gets sidecar injection, STRICT
 * mTLS and the policies that let Knative (and Knative Eventing's delivery) in.
 */
export function addIngressExample(chart: Chart, opts: IngressExampleOptions): { ingress: kn.KnativeIngress; certificate: kn.TlsSecret } {
  const certificate = new kn.TlsSecret(chart, 'WildcardCertificate', {
    metadata: { name: 'knative-wildcard-tls', namespace: 'istio-system' },
    source: kn.SecretSource.fromExternalSecret({
      store: opts.secretStore ?? 'platform-secrets',
      storeKind: kn.SecretStoreKind.CLUSTER_SECRET_STORE,
      key: `tls/wildcard.${opts.domain}`,
      properties: { 'tls.crt': 'certificate', 'tls.key': 'private-key' },
    }),
  });

  const ingress = new kn.KnativeIngress(chart, 'KnativeIngress', {
    domain: opts.domain,
    tls: kn.IngressTls.wildcardCertificate(certificate),
    appNamespaces: opts.namespaces,
    mtlsMode: kn.MtlsMode.STRICT,
    allowedNamespaces: ['knative-eventing'],
    mode: opts.viaOperator ? kn.KnativeIngressMode.OPERATOR : kn.KnativeIngressMode.CONFIG_MAPS,
  });

  return { ingress, certificate };
}
