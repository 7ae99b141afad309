import { ApiObject, ApiObjectMetadata } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { KINDS } from '../core/kinds';
import { check, checkValue, IAddressable, checkDns1123Subdomain } from '../core';
import { plainValue } from '../core/install-values';
import { TWO_LABELS } from './value-rules';
import { KnativeResource } from '../validation/knative-resource';
import { checkLabelsAndAnnotations } from '../core/labels';
import { ClusterDomainClaim } from './cluster-domain-claim';

/** Props of a DomainMapping. */
export interface DomainMappingProps {
  /** The custom domain, e.g. `api.example.com`; it becomes the object's name. */
  readonly domain: string;
  /** What the domain points at: a Knative Service or Route (in the same namespace). */
  readonly target: IAddressable;
  /**
   * A TLS Secret (type kubernetes.io/tls) for the domain.
   * @default - no TLS, or the cluster's automatic certificates
   */
  readonly tlsSecret?: kplus.ISecret;
  /**
   * Extra metadata (labels, annotations, namespace). The object's name is
   * always `domain`, so `name` may be left out (a different one fails).
   * @default - none
   */
  readonly metadata?: ApiObjectMetadata;
}

/**
 * Maps a custom domain to a Knative Service or Route.
 * @see https://knative.dev/docs/serving/services/custom-domains/
 */
export class DomainMapping extends KnativeResource {
  /** @see base */
  protected readonly apiObject: ApiObject;
  public readonly resourceType = 'domainmappings';
  private readonly tls: boolean;

  constructor(scope: Construct, id: string, props: DomainMappingProps) {
    super(scope, id);
    checkLabelsAndAnnotations(this, props.metadata);
    check(props.metadata?.name === undefined || props.metadata.name === props.domain, this, 'metadata.name', props.metadata?.name,
      `a DomainMapping is named after its domain ("${props.domain}"); leave metadata.name out`);
    this.tls = props.tlsSecret !== undefined;
    // a chart value's default is checked now, and the rule goes with the value to install
    checkDns1123Subdomain(this, 'domain', props.domain);
    checkValue(this, 'domain', props.domain, TWO_LABELS, v => typeof v === 'string' && v.includes('.'));
    const domain = plainValue(this, props.domain);
    check(!/(^|\.)cluster\.local$/.test(domain), this, 'domain', domain, 'must not be a cluster-local domain (under cluster.local)');
    const ref = props.target.reference;
    check(ref.apiVersion.startsWith('serving.knative.dev/') || ref.kind === 'Service', this, 'target', `${ref.apiVersion} ${ref.kind}`,
      'must be a Knative Service or Route (or another Addressable of the same namespace)');
    const namespace = props.metadata?.namespace;
    this.apiObject = new ApiObject(this, 'Resource', {
      ...KINDS.DomainMapping,
      metadata: { ...props.metadata, name: props.domain },
      spec: {
        ref: { apiVersion: ref.apiVersion, kind: ref.kind, name: ref.name, namespace: ref.namespaceName },
        tls: props.tlsSecret ? { secretName: props.tlsSecret.name } : undefined,
      },
    });
    const ownNamespace = this.metadata.namespace ?? namespace;
    check(ref.namespaceName === undefined || ownNamespace === undefined || ref.namespaceName === ownNamespace, this, 'target.namespace', ref.namespaceName,
      `must be the DomainMapping's own namespace (${ownNamespace})`);
  }

  /**
   * Creates the ClusterDomainClaim that delegates this domain to the
   * DomainMapping's namespace (child `Claim`), for clusters where Knative
   * does not create claims itself (`autocreate-cluster-domain-claims`
   * `false`, the default). Creating it takes cluster-wide rights; fails on a
   * second call.
   */
  public claim(): ClusterDomainClaim {
    check(this.node.tryFindChild('Claim') === undefined, this, 'claim', this.name, 'is already claimed by this DomainMapping; call claim() once');
    const namespaceName = this.metadata.namespace;
    check(namespaceName !== undefined, this, 'claim', this.name,
      'needs the DomainMapping\'s namespace: set metadata.namespace or the chart\'s namespace');
    return new ClusterDomainClaim(this, 'Claim', { domain: this.name, namespaceName: namespaceName! });
  }

  /** The custom domain. */
  public get domain(): string {
    return this.name;
  }

  /** The public URL: `https://<domain>` with a TLS secret, else `http://<domain>`. */
  public get url(): string {
    return `${this.tls ? 'https' : 'http'}://${this.name}`;
  }
}
