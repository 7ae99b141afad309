import { JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import type * as gen from '../../imports/sources-apiserver-sources.knative.dev';
import { KINDS } from '../core/kinds';
import { check, checkValue, KnativePropError } from '../core/errors';
import { constrainAtInstall, holdsToken, plainValue, ValueRule } from '../core/install-values';
import { dropUndefined } from '../core/json';
import { SourceBase } from './source-base';
import { SourceProps } from './source-props';
import { addWarning } from '../core/warnings';

/** What an ApiServerSource sends for each change. */
export enum ApiServerSourceMode {
  /** A reference (apiVersion, kind, name, namespace) to the changed object. */
  REFERENCE = 'Reference',
  /** The whole changed object. */
  RESOURCE = 'Resource',
}

/** A kind of Kubernetes object an ApiServerSource watches. */
export interface ApiServerResource {
  /**
   * API version, e.g. `v1` or `apps/v1`. As a chart value, while the source
   * generates its RBAC, the chart takes another version of the same group only
   * (the Role grants the group of the default).
   */
  readonly apiVersion: string;
  /** Kind, e.g. `Event` or `Deployment`; as a chart value, give `resource` too. */
  readonly kind: string;
  /**
   * Only objects with these labels.
   * @default - every object of the kind
   */
  readonly labelSelector?: kplus.LabelSelector;
  /**
   * The plural resource name used in the generated RBAC rule. Required when
   * `kind` is a chart value and the RBAC is generated (the plural of a value
   * only known at install cannot be made at synth).
   * @default - the lower-case plural of `kind` (`Event` → `events`, `NetworkPolicy` → `networkpolicies`)
   */
  readonly resource?: string;
}

/** The kind of owner whose objects an ApiServerSource limits itself to. */
export interface ApiServerOwner {
  /** API version of the owner, e.g. `apps/v1`. */
  readonly apiVersion: string;
  /** Kind of the owner, e.g. `ReplicaSet`. */
  readonly kind: string;
}

/** Properties of an {@link ApiServerSource}. */
export interface ApiServerSourceProps extends SourceProps {
  /** The kinds of objects to watch (at least one). */
  readonly resources: ApiServerResource[];
  /**
   * What each event carries.
   * @default ApiServerSourceMode.REFERENCE
   */
  readonly mode?: ApiServerSourceMode;
  /**
   * Only objects owned by objects of this kind.
   * @default - any owner
   */
  readonly owner?: ApiServerOwner;
  /**
   * Watch the namespaces with these labels instead of the source's own
   * namespace. The generated RBAC then uses a ClusterRole and ClusterRoleBinding.
   * @default - the source's namespace only
   */
  readonly namespaceSelector?: kplus.LabelSelector;
  /**
   * The identity the source's adapter runs as. When given, no RBAC is generated:
   * it must be allowed to get, list and watch the resources.
   * @default - a ServiceAccount with a Role (or ClusterRole) granting only get, list and watch on `resources`
   */
  readonly serviceAccount?: kplus.IServiceAccount;
}

/** An API version: `v1`, `v1beta1`... */
const VERSION = 'v[0-9]+((alpha|beta)[0-9]+)?';
const GROUP_VERSION_RULE: ValueRule = {
  pattern: `^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?${VERSION}$`,
  allowed: 'must be "<version>" or "<group>/<version>", e.g. "v1" or "apps/v1"',
};
const KIND_RULE: ValueRule = {
  pattern: '^[A-Z][A-Za-z0-9]*$',
  allowed: 'must be a Kubernetes kind in UpperCamelCase, e.g. "Event"',
};
const RESOURCE_RULE: ValueRule = {
  pattern: '^[a-z0-9][a-z0-9.-]*$',
  allowed: 'must be a lower-case plural resource name, e.g. "events"',
};
/** The verbs the ApiServerSource adapter needs, and all that is granted. */
export const API_SERVER_SOURCE_VERBS: readonly string[] = ['get', 'list', 'watch'];

/**
 * An ApiServerSource (`sources.knative.dev/v1`): turns changes of Kubernetes
 * objects into CloudEvents. Generates its own least-privilege identity unless
 * given one.
 *
 * @see https://knative.dev/docs/eventing/sources/apiserversource/
 */
export class ApiServerSource extends SourceBase {
  public readonly resourceType = 'apiserversources';
  /** The identity the adapter runs as (generated or given). */
  public readonly serviceAccount: kplus.IServiceAccount;
  private readonly props: ApiServerSourceProps;

  constructor(scope: Construct, id: string, props: ApiServerSourceProps) {
    super(scope, id, KINDS.ApiServerSource, props);
    this.props = props;
    this.checkProps();
    this.warnOnSecrets();
    this.serviceAccount = props.serviceAccount ?? this.createIdentity();
    this._sourceFields();
  }

  private checkProps(): void {
    const p = this.props;
    check(Array.isArray(p.resources) && p.resources.length > 0, this, 'resources', p.resources, 'list at least one resource to watch');
    // RBAC is generated from the group and plural of each resource, at synth
    const rbac = p.serviceAccount === undefined;
    p.resources.forEach((r, i) => {
      checkValue(this, `resources[${i}].apiVersion`, r.apiVersion ?? '', GROUP_VERSION_RULE);
      checkValue(this, `resources[${i}].kind`, r.kind ?? '', KIND_RULE);
      checkValue(this, `resources[${i}].resource`, r.resource, RESOURCE_RULE);
      if (!rbac) return;
      if (holdsToken(r.apiVersion)) {
        // the Role grants the group of the default: a chart value may change the version, not the group
        const group = groupOf(plainValue(this, r.apiVersion));
        constrainAtInstall(this, `resources[${i}].apiVersion`, r.apiVersion, {
          pattern: `^${group ? `${group.replace(/\./g, '\\.')}/` : ''}${VERSION}$`,
          allowed: `must stay in ${group ? `API group "${group}"` : 'the core API group (a version only, e.g. "v1")'}, which the generated RBAC rule grants (pass serviceAccount to watch another group)`,
        });
      }
      check(r.resource !== undefined || !holdsToken(r.kind), this, `resources[${i}].resource`, r.resource,
        'give the plural resource name when kind is a chart value: the generated RBAC rule names it, and a value known only at install cannot be made plural at synth');
    });
    if (p.mode !== undefined) {
      check(Object.values(ApiServerSourceMode).includes(p.mode), this, 'mode', p.mode, 'must be ApiServerSourceMode.REFERENCE or ApiServerSourceMode.RESOURCE');
    }
    if (p.owner) {
      checkValue(this, 'owner.apiVersion', p.owner.apiVersion ?? '', { pattern: GROUP_VERSION_RULE.pattern, allowed: 'must be "<version>" or "<group>/<version>"' });
      checkValue(this, 'owner.kind', p.owner.kind ?? '', { pattern: KIND_RULE.pattern, allowed: 'must be a Kubernetes kind in UpperCamelCase' });
    }
  }

  /** Warns when the source watches Secrets (its chart values' defaults do): what it streams, and what its identity may read. */
  private warnOnSecrets(): void {
    const p = this.props;
    const watchesSecrets = p.resources.some(r => {
      const [apiVersion, kind, resource] = plainValue(this, [r.apiVersion, r.kind, r.resource]);
      return !apiVersion.includes('/') && (kind === 'Secret' || resource === 'secrets');
    });
    if (!watchesSecrets) return;
    const where = p.namespaceSelector
      ? 'in every namespace its namespaceSelector matches (a ClusterRole grants it)'
      : `in namespace ${this.metadata.namespace ?? '(the source\'s namespace)'}`;
    addWarning(this, (p.mode ?? ApiServerSourceMode.REFERENCE) === ApiServerSourceMode.RESOURCE
      ? `watches Secrets ${where} in Resource mode: every Secret's content (its data, only base64-encoded) is streamed to the sink `
        + 'in each event, and to whatever the sink forwards it to; use ApiServerSourceMode.REFERENCE, a labelSelector, or do not watch Secrets'
      : `watches Secrets ${where}: events carry only references, but the adapter's ServiceAccount may get, list and watch every `
        + 'Secret there, so whoever runs code as it reads their content; narrow it with a labelSelector, or do not watch Secrets');
  }

  /** A ServiceAccount plus a Role (ClusterRole) and binding with get/list/watch on exactly the listed resources. */
  private createIdentity(): kplus.IServiceAccount {
    const namespace = this.metadata.namespace;
    const sa = new kplus.ServiceAccount(this, 'ServiceAccount', {
      metadata: namespace ? { namespace } : undefined,
      // the adapter talks to the API server with the account's token
      automountToken: true,
    });
    const rules = this.rbacRules();
    const subject = dropUndefined({ kind: 'ServiceAccount', name: sa.name, namespace });
    if (this.props.namespaceSelector) {
      if (!namespace) {
        throw new KnativePropError(this, 'namespaceSelector', 'set',
          'a ClusterRoleBinding must name the ServiceAccount\'s namespace; set metadata.namespace or the chart\'s namespace, or pass serviceAccount');
      }
      const role = new k8s.KubeClusterRole(this, 'ClusterRole', { rules });
      const binding = new k8s.KubeClusterRoleBinding(this, 'ClusterRoleBinding', {
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role.name },
        subjects: [subject],
      });
      // cluster-scoped: drop the namespace cdk8s copies from the chart
      for (const obj of [role, binding]) {
        if (obj.metadata.namespace) obj.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
      }
    } else {
      const role = new k8s.KubeRole(this, 'Role', { metadata: namespace ? { namespace } : undefined, rules });
      new k8s.KubeRoleBinding(this, 'RoleBinding', {
        metadata: namespace ? { namespace } : undefined,
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: role.name },
        subjects: [subject],
      });
    }
    return sa;
  }

  /** One rule per API group, listing that group's resources, verbs get/list/watch only. */
  private rbacRules(): k8s.PolicyRule[] {
    const byGroup = new Map<string, string[]>();
    for (const r of this.props.resources) {
      // the group of a chart value's default (the chart keeps it: see checkProps); resource or kind as given
      const group = groupOf(plainValue(this, r.apiVersion));
      const resource = r.resource ?? pluralResource(r.kind);
      const list = byGroup.get(group) ?? [];
      if (!list.includes(resource)) list.push(resource);
      byGroup.set(group, list);
    }
    return [...byGroup.entries()].map(([group, resources]) => ({
      apiGroups: [group],
      resources,
      verbs: [...API_SERVER_SOURCE_VERBS],
    }));
  }

  /** @internal */
  protected _sourceFields(): Partial<gen.ApiServerSourceSpec> {
    const p = this.props;
    return dropUndefined({
      mode: p.mode ?? ApiServerSourceMode.REFERENCE,
      resources: p.resources.map(r => dropUndefined({
        apiVersion: r.apiVersion,
        kind: r.kind,
        selector: selectorOf(r.labelSelector),
      })),
      owner: p.owner ? { apiVersion: p.owner.apiVersion, kind: p.owner.kind } : undefined,
      namespaceSelector: selectorOf(p.namespaceSelector),
      serviceAccountName: this.serviceAccount.name,
    });
  }
}

function selectorOf(selector: kplus.LabelSelector | undefined): any {
  if (!selector) return undefined;
  return k8s.toJson_LabelSelector(selector._toKube());
}

/** The API group of `group/version` ('' for the core group's `v1`). */
function groupOf(apiVersion: string): string {
  return apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
}

/** The plural resource name Kubernetes uses for a kind (lower case, English plural rules). */
export function pluralResource(kind: string): string {
  const lower = kind.toLowerCase();
  if (lower === 'endpoints') return lower;
  if (/(s|x|z|ch|sh)$/.test(lower)) return `${lower}es`;
  if (/[^aeiou]y$/.test(lower)) return `${lower.slice(0, -1)}ies`;
  return `${lower}s`;
}
