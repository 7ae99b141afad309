import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { checkDns1123Label, checkDns1123Subdomain, checkValue } from '../core';
import { checkLabelsAndAnnotations, isLabelValue } from '../core/labels';
import { LABEL_VALUE, TWO_LABELS } from './value-rules';
import { KnativeResource } from '../validation/knative-resource';

/** The API version and kind of a ClusterDomainClaim. */
export const CLUSTER_DOMAIN_CLAIM_GVK = { apiVersion: 'networking.internal.knative.dev/v1alpha1', kind: 'ClusterDomainClaim' } as const;

/** Props of a {@link ClusterDomainClaim}. */
export interface ClusterDomainClaimProps {
  /** The domain claimed, e.g. `api.example.com`; it becomes the object's name. */
  readonly domain: string;
  /** The namespace whose DomainMappings may use the domain. */
  readonly namespaceName: string;
  /**
   * Labels of the claim.
   * @default - none
   */
  readonly labels?: { [key: string]: string };
}

/** A cluster-scoped object: no `metadata.namespace`, whatever the chart's namespace. */
class ClusterScopedApiObject extends ApiObject {
  public toJson(): any {
    const json = super.toJson();
    if (json.metadata) delete json.metadata.namespace;
    return json;
  }
}

/**
 * A Knative ClusterDomainClaim (`networking.internal.knative.dev/v1alpha1`,
 * cluster-scoped): delegates a domain to one namespace, whose DomainMappings
 * may then use it. Knative creates claims itself only when `config-network`
 * `autocreate-cluster-domain-claims` is `true` (the default is `false`), so
 * on a cluster with the default a DomainMapping stays not ready until a
 * cluster administrator creates the claim: this construct, or
 * `DomainMapping.claim()`.
 * @see https://knative.dev/docs/serving/services/custom-domains/
 */
export class ClusterDomainClaim extends KnativeResource {
  /** @see base */
  protected readonly apiObject: ApiObject;
  public readonly resourceType = 'clusterdomainclaims';
  /** The namespace the domain is delegated to. */
  public readonly namespaceName: string;

  constructor(scope: Construct, id: string, props: ClusterDomainClaimProps) {
    super(scope, id);
    checkLabelsAndAnnotations(this, { labels: props.labels });
    // a chart value's default is checked now, and the rule goes with the value to install
    for (const [key, value] of Object.entries(props.labels ?? {})) {
      checkValue(this, `labels.${key}`, value, LABEL_VALUE, v => typeof v === 'string' && isLabelValue(v));
    }
    checkDns1123Subdomain(this, 'domain', props.domain);
    checkValue(this, 'domain', props.domain, TWO_LABELS, v => typeof v === 'string' && v.includes('.'));
    checkDns1123Label(this, 'namespaceName', props.namespaceName);
    this.namespaceName = props.namespaceName;
    this.apiObject = new ClusterScopedApiObject(this, 'Resource', {
      ...CLUSTER_DOMAIN_CLAIM_GVK,
      metadata: { name: props.domain, labels: props.labels },
      spec: { namespace: props.namespaceName },
    });
  }

  /** The domain claimed. */
  public get domain(): string {
    return this.name;
  }
}
