import { Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import * as kn from '../../src';

/** Props of {@link IngressTlsChart}. */
export interface IngressTlsChartProps extends ChartProps {
  /** The cluster domain; Services get `<name>-<namespace>.<domain>`, covered by the wildcard certificate. */
  readonly domain: string;
  /** A custom domain for the API, with its own certificate, e.g. `api.example.com`. */
  readonly apiDomain: string;
  /**
   * ClusterSecretStore that holds the certificates.
   * @default 'platform-secrets'
   */
  readonly secretStore?: string;
}

/**
 * Knative behind Istio's ingress gateway with TLS: certificates come from the
 * secret store through ExternalSecrets into `istio-system` (no key material in
 * the manifests); the gateway terminates HTTPS for `*.<domain>` and the API's
 * custom domain and redirects HTTP; the app namespace runs with STRICT mTLS.
 */
export class IngressTlsChart extends Chart {
  /** The ingress setup. */
  public readonly ingress: kn.KnativeIngress;
  /** The API's Knative Service. */
  public readonly api: kn.Service;

  constructor(scope: Construct, id: string, props: IngressTlsChartProps) {
    super(scope, id, { namespace: 'api', ...props });
    const store = props.secretStore ?? 'platform-secrets';
    const certificate = (name: string, key: string) => new kn.TlsSecret(this, name, {
      metadata: { name, namespace: 'istio-system' },
      source: kn.SecretSource.fromExternalSecret({ store, key, properties: { 'tls.crt': 'certificate', 'tls.key': 'private-key' } }),
    });

    const wildcard = certificate('wildcard-tls', `tls/wildcard.${props.domain}`);
    const apiCertificate = certificate('api-tls', `tls/${props.apiDomain}`);

    this.ingress = new kn.KnativeIngress(this, 'Ingress', {
      domain: props.domain,
      tls: kn.IngressTls.wildcardCertificate(wildcard),
      customDomains: [{ host: props.apiDomain, certificate: apiCertificate }],
      appNamespaces: ['api'],
      mtlsMode: kn.MtlsMode.STRICT,
      // One tenant: Knative claims each DomainMapping's domain itself (else an admin adds a ClusterDomainClaim).
      autocreateClusterDomainClaims: true,
    });

    this.api = new kn.Service(this, 'Api', {
      metadata: { name: 'api' },
      container: { image: 'ghcr.io/example/api:3.2.0' },
    });
    new kn.DomainMapping(this, 'ApiDomain', { domain: props.apiDomain, target: this.api });
  }
}
