import { isIP } from 'net';
import { ApiObject, ApiObjectMetadata, Lazy } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import type {
  AuthorizationPolicySpecAction,
  AuthorizationPolicySpecRules,
} from '../../imports/istio-authorizationpolicy-security.istio.io';
import { KINDS } from '../core/kinds';
import { check } from '../core';
import { KnativeResource } from '../validation/knative-resource';
import { allowedFor, checkOne, checkPort, checkWorkloadSelector } from './hosts';
import { checkObjectMeta } from '../core/labels';
import { constrainAtInstall, followsRule, plainValue, ValueRule } from '../core/install-values';
import { tokenAwareString } from '../core/tokens';

/** What a policy does with matching requests. */
export enum AuthorizationAction {
  /** Allow matching requests; once any ALLOW policy applies, everything else is denied. */
  ALLOW = 'ALLOW',
  /** Deny matching requests (evaluated before ALLOW). */
  DENY = 'DENY',
  /** Log matching requests. */
  AUDIT = 'AUDIT',
  /** Delegate to an extension provider (`provider`). */
  CUSTOM = 'CUSTOM',
}

/** Who sends the request; all set fields must match. */
export interface RequestSource {
  /** Source workload namespaces (needs mTLS). @default - any */
  readonly namespaces?: string[];
  /**
   * Source namespaces that must not match.
   * @default - none excluded
   */
  readonly notNamespaces?: string[];
  /** Peer identities, e.g. `cluster.local/ns/knative-serving/sa/controller` (needs mTLS). @default - any */
  readonly principals?: string[];
  /**
   * Peer identities that must not match.
   * @default - none excluded
   */
  readonly notPrincipals?: string[];
  /** Request (JWT) principals `iss/sub`. @default - any */
  readonly requestPrincipals?: string[];
  /** Source IPs / CIDRs. @default - any */
  readonly ipBlocks?: string[];
}

/** What the request does; all set fields must match. */
export interface RequestOperation {
  /**
   * Hosts (the Host header) of the request.
   * @default - any host
   */
  readonly hosts?: string[];
  /** Paths; `*` may start or end a path for suffix/prefix matches. @default - any path */
  readonly paths?: string[];
  /**
   * Paths that must not match.
   * @default - none excluded
   */
  readonly notPaths?: string[];
  /** HTTP methods in upper case. @default - any method */
  readonly methods?: string[];
  /** Destination (container) ports. @default - any port */
  readonly ports?: number[];
}

/** An extra condition, e.g. `{ key: 'request.headers[version]', values: ['v1'] }`. */
export interface RequestCondition {
  /** The Istio condition key, e.g. `request.headers[version]`, `source.ip` or `destination.port`. */
  readonly key: string;
  /**
   * Values the key must have one of.
   * @default - no value condition
   */
  readonly values?: string[];
  /**
   * Values the key must not have.
   * @default - no negative condition
   */
  readonly notValues?: string[];
}

/** One rule: a request matches when it matches `source`, `operation` and every `when`. */
export interface AuthorizationRule {
  /**
   * Who sends the request (Istio's `from[].source`).
   * @default - any source
   */
  readonly source?: RequestSource;
  /**
   * What the request does (Istio's `to[].operation`).
   * @default - any operation
   */
  readonly operation?: RequestOperation;
  /**
   * Extra conditions, all of which must hold.
   * @default - no conditions
   */
  readonly when?: RequestCondition[];
}

/** Props of {@link AuthorizationPolicy}. */
export interface AuthorizationPolicyProps {
  /**
   * Name, namespace, labels and annotations.
   * @default - name generated from the construct path, namespace of the chart
   */
  readonly metadata?: ApiObjectMetadata;
  /**
   * What the policy does with matching requests.
   * @default AuthorizationAction.ALLOW
   */
  readonly action?: AuthorizationAction;
  /** Extension provider name, only (and required) with CUSTOM. @default - none */
  readonly provider?: string;
  /** Pod labels of the workloads it applies to. @default - every workload in the namespace */
  readonly selector?: { [key: string]: string };
  /**
   * Rules (any may match). An ALLOW policy with no rules allows nothing,
   * i.e. denies everything; a rule `{}` matches every request.
   * @default - none
   */
  readonly rules?: AuthorizationRule[];
}

const PROVIDER_RULE: ValueRule = { minLength: 1, allowed: 'must name an extension provider of the mesh config' };
const METHOD_RULE: ValueRule = { pattern: '^[A-Z]+$', allowed: 'must be an HTTP method in upper case, e.g. GET' };
const PATH_RULE: ValueRule = { pattern: '^(\\*|/.*|\\*.*)$', allowed: 'must start with "/" or "*"' };
const NS_RULE: ValueRule = {
  pattern: '^(\\*|\\*?[a-z0-9]([-a-z0-9]*[a-z0-9])?\\*?)$',
  allowed: 'must be a namespace name, optionally with a leading or trailing "*"',
};
const NOT_EMPTY_RULE: ValueRule = { minLength: 1, allowed: 'must not hold an empty string' };
const V4_BITS = '(0{0,2}[0-9]|0?[12][0-9]|0?3[0-2])';
const V6_BITS = '(0{0,2}[0-9]|0?[1-9][0-9]|1[01][0-9]|12[0-8])';
const OCTET = '(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])';
/** An IP address or CIDR block, as far as a pattern tells an IPv6 address (the default is checked in full). */
const IP_RULE: ValueRule = {
  pattern: `^((${OCTET}\\.){3}${OCTET}(/${V4_BITS})?|[0-9A-Fa-f.]*:[0-9A-Fa-f:.]*(/${V6_BITS})?)$`,
  allowed: 'must be an IP address or CIDR block, e.g. "10.0.0.0/8"',
};
const PORT_TEXT_RULE: ValueRule = {
  pattern: '^([1-9][0-9]{0,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5])$',
  allowed: 'must be a port number from 1 to 65535',
};

/**
 * Checks the items of a list prop against `rule` (`ok` for the plain value,
 * default the rule itself): chart values by their defaults now, and by the
 * rule at install (each item, or the whole list when it is one chart value).
 */
function checkList(scope: IConstruct, field: string, values: readonly string[] | undefined, rule: ValueRule, ok?: (plain: string) => boolean): void {
  if (values === undefined) return;
  constrainAtInstall(scope, field, values, { allowed: rule.allowed, items: rule });
  plainValue(scope, [...values]).forEach(v => check(ok ? ok(v) : followsRule(rule, v), scope, field, v, allowedFor(values, rule.allowed)));
}

/**
 * An Istio AuthorizationPolicy (security.istio.io/v1): access control at the
 * workload's sidecar (or gateway).
 * @see https://istio.io/latest/docs/reference/config/security/authorization-policy/
 */
export class AuthorizationPolicy extends KnativeResource {
  /** The plural REST resource name of the kind: `authorizationpolicies`. */
  public readonly resourceType = 'authorizationpolicies';
  /** What the policy does with a matching request (ALLOW unless set in the props). */
  public readonly action: AuthorizationAction;
  /** The wrapped API object (the escape hatch: `ApiObject.of(x)` finds it too). */
  protected readonly apiObject: ApiObject;
  private readonly rules: AuthorizationRule[] = [];

  constructor(scope: Construct, id: string, props: AuthorizationPolicyProps = {}) {
    super(scope, id);
    checkObjectMeta(this, props.metadata, props.metadata?.name, 'dns1123-label');
    checkWorkloadSelector(this, 'selector', props.selector);
    this.action = props.action ?? AuthorizationAction.ALLOW;
    check((this.action === AuthorizationAction.CUSTOM) === (props.provider !== undefined), this, 'provider', props.provider,
      'must be set with action CUSTOM and only then');
    checkOne(this, 'provider', props.provider, PROVIDER_RULE);
    // a plain ApiObject, written as the construct built its spec (already in wire form): the generated
    // class's conversion maps every list, and a chart value list (one token until the chart renders it) is no list
    this.apiObject = new ApiObject(this, 'Resource', {
      ...KINDS.AuthorizationPolicy,
      metadata: props.metadata,
      spec: Lazy.any({ produce: () => ({
        action: this.action as unknown as AuthorizationPolicySpecAction,
        provider: props.provider ? { name: props.provider } : undefined,
        selector: props.selector ? { matchLabels: { ...props.selector } } : undefined,
        rules: this.rules.length > 0 ? this.rules.map(toRule) : undefined,
      }) }),
    });
    props.rules?.forEach(r => this.addRule(r));
    // rules may come later through addRule(); Istio refuses a DENY policy without any (it would never trigger)
    this.node.addValidation({ validate: () => this.action === AuthorizationAction.DENY && this.rules.length === 0
      ? ['rules: a DENY policy has no rules and would never trigger; add one (a rule {} matches every request)'] : [] });
  }

  /** Adds a rule; fails for malformed paths, methods, ports or namespaces. */
  public addRule(rule: AuthorizationRule): void {
    const field = `rules[${this.rules.length}]`;
    const src = rule.source;
    if (src) {
      check(Object.values(src).some(v => v !== undefined && v.length > 0), this, `${field}.source`, src, 'must set at least one field; leave source out to match any source');
      checkList(this, `${field}.source.namespaces`, src.namespaces, NS_RULE);
      checkList(this, `${field}.source.notNamespaces`, src.notNamespaces, NS_RULE);
      noEmpty(this, `${field}.source.principals`, src.principals);
      noEmpty(this, `${field}.source.notPrincipals`, src.notPrincipals);
      noEmpty(this, `${field}.source.requestPrincipals`, src.requestPrincipals);
      checkIps(this, `${field}.source.ipBlocks`, src.ipBlocks);
    }
    const op = rule.operation;
    if (op) {
      check(Object.values(op).some(v => v !== undefined && v.length > 0), this, `${field}.operation`, op,
        'must set at least one field; leave operation out to match any operation');
      checkList(this, `${field}.operation.paths`, op.paths, PATH_RULE);
      checkList(this, `${field}.operation.notPaths`, op.notPaths, PATH_RULE);
      checkList(this, `${field}.operation.methods`, op.methods, METHOD_RULE);
      op.ports?.forEach(p => checkPort(this, `${field}.operation.ports`, p));
      noEmpty(this, `${field}.operation.hosts`, op.hosts);
    }
    rule.when?.forEach((c, i) => {
      check(c.key.length > 0 && ((c.values?.length ?? 0) + (c.notValues?.length ?? 0)) > 0,
        this, `${field}.when[${i}]`, c, 'needs a key and at least one of values and notValues');
      checkCondition(this, `${field}.when[${i}]`, c);
    });
    this.rules.push(rule);
  }
}

/** Throws for an empty string in a list: Istio refuses them ("empty value not allowed"). */
function noEmpty(scope: IConstruct, field: string, values: readonly string[] | undefined): void {
  checkList(scope, field, values, NOT_EMPTY_RULE);
}

/** Throws unless every value is an IP address or CIDR block. */
function checkIps(scope: IConstruct, field: string, values: readonly string[] | undefined): void {
  checkList(scope, field, values, IP_RULE, v => {
    const [ip, bits, more] = v.split('/');
    const family = isIP(ip);
    return family !== 0 && more === undefined && (bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128)));
  });
}

const MAP_KEY = /^[^[\]]+\[[^[\]]+\]$/;
/** Condition keys Istio knows: exact names, and prefixes followed by `[name]`. */
const CONDITION_KEYS = new Set(['source.ip', 'remote.ip', 'source.namespace', 'source.serviceAccount', 'source.principal', 'request.auth.principal',
  'request.auth.audiences', 'request.auth.presenter', 'destination.ip', 'destination.port', 'connection.sni']);
const CONDITION_MAPS = ['request.headers[', 'request.auth.claims[', 'experimental.envoy.filters.'];

/** Istio's `ValidateAttribute`: a known key, no empty value, IPs for the IP keys and ports for `destination.port`. */
function checkCondition(scope: IConstruct, field: string, c: RequestCondition): void {
  const known = CONDITION_KEYS.has(c.key) || CONDITION_MAPS.some(p => c.key.startsWith(p) && MAP_KEY.test(c.key));
  check(known, scope, `${field}.key`, c.key,
    `must be one of ${[...CONDITION_KEYS].join(', ')} or request.headers[name], request.auth.claims[name], experimental.envoy.filters.*[name]`);
  for (const [name, values] of [['values', c.values], ['notValues', c.notValues]] as const) {
    // the key decides what the values are
    noEmpty(scope, `${field}.${name}`, values);
    if (c.key.endsWith('.ip')) checkIps(scope, `${field}.${name}`, values);
    if (c.key === 'destination.port') {
      checkList(scope, `${field}.${name}`, values, PORT_TEXT_RULE, v => /^\d{1,5}$/.test(v) && Number(v) >= 1 && Number(v) <= 65535);
    }
  }
}

function toRule(r: AuthorizationRule): AuthorizationPolicySpecRules {
  return {
    from: r.source ? [{ source: { ...r.source } }] : undefined,
    to: r.operation ? [{ operation: { ...r.operation, ports: r.operation.ports?.map(p => tokenAwareString(p)) } }] : undefined,
    when: r.when?.map(c => ({ ...c })),
  };
}
