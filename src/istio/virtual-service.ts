import { ApiObject, ApiObjectMetadata, Chart, Duration, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import type { VirtualServiceSpecHttp } from '../../imports/istio-virtualservice-networking.istio.io';
import { KINDS } from '../core/kinds';
import { IConstruct } from 'constructs';
import { conditionHolds, constrainAtInstall, holdsToken, InstallCheck, plainValue, requireAtInstall, ValueRule } from '../core/install-values';
import { check, checkIntegerRange, KnativePropError, withDefaultNote } from '../core';
import { KnativeResource } from '../validation/knative-resource';
import { gatewayName, IGateway } from './gateway';
import { checkDnsLabel, checkExportTo, checkIstioDuration, checkIstioHosts, checkOne, checkPort, hostsOverlap, isIstioHost, istioHostRule } from './hosts';
import { goSeconds } from '../core/durations';
import { checkObjectMeta } from '../core/labels';

/** How a string field of a request is matched. */
export class StringMatch {
  /** Equal to `value`. */
  public static exact(value: string): StringMatch {
    return new StringMatch('exact', value);
  }

  /** Starting with `value`. */
  public static prefix(value: string): StringMatch {
    return new StringMatch('prefix', value);
  }

  /** Matching the RE2 regular expression `value` (whole string). */
  public static regex(value: string): StringMatch {
    return new StringMatch('regex', value);
  }

  private constructor(
    /** How `value` is compared: `exact`, `prefix` or `regex` (RE2, whole string). */
    private readonly kind: 'exact' | 'prefix' | 'regex',
    /** The string, prefix or regular expression to match. */
    private readonly value: string,
  ) {}

  /**
   * The Istio form, e.g. `{ prefix: '/api' }`.
   * @internal
   */
  public _toIstio(): { [key: string]: string } {
    return { [this.kind]: this.value };
  }

  /**
   * The regular expression, for a regex match.
   * @internal
   */
  public _regex(): string | undefined {
    return this.kind === 'regex' ? this.value : undefined;
  }
}

/** Conditions a request must all meet for a route to apply. */
export interface HttpMatch {
  /**
   * Match on the request path.
   * @default - any path
   */
  readonly uri?: StringMatch;
  /**
   * Match on the authority (Host header).
   * @default - any authority (Host header)
   */
  readonly authority?: StringMatch;
  /**
   * The HTTP method.
   * @default - any method
   */
  readonly method?: StringMatch;
  /** Header name (lower case) to match. @default - no header conditions */
  readonly headers?: { [name: string]: StringMatch };
  /**
   * Match on the port the request came in on.
   * @default - any port
   */
  readonly port?: number;
}

/** Where a route sends (part of) the traffic. */
export interface HttpRouteDestination {
  /** Service host, e.g. `reviews.apps.svc.cluster.local` (or a short name in the same namespace). */
  readonly host: string;
  /**
   * The destination service port.
   * @default - the service's only port
   */
  readonly port?: number;
  /** A subset defined in a DestinationRule. @default - all endpoints */
  readonly subset?: string;
  /**
   * Share of the route's traffic, in percent; with several destinations the weights must add up to 100.
   * @default 100 for a single destination
   */
  readonly weight?: number;
}

/** A redirect answered by the proxy instead of routing. */
export interface HttpRedirect {
  /**
   * The path of the redirect target.
   * @default - the request's path
   */
  readonly uri?: string;
  /**
   * The authority (host) of the redirect target.
   * @default - the request's authority
   */
  readonly authority?: string;
  /**
   * The scheme of the redirect target, `http` or `https`.
   * @default - the request's scheme
   */
  readonly scheme?: string;
  /**
   * The HTTP status of the redirect (301, 302, 303, 307 or 308).
   * @default 301
   */
  readonly redirectCode?: number;
}

/** Retry policy of a route. */
export interface HttpRetries {
  /** Number of retries (0 disables retries). */
  readonly attempts: number;
  /**
   * Timeout of each attempt.
   * @default - the route timeout
   */
  readonly perTryTimeout?: Duration;
  /** Envoy `retry_on` conditions, e.g. `5xx,connect-failure`. @default - Istio's default */
  readonly retryOn?: string;
}

/** What a route rewrites before forwarding; at least one field. */
export interface HttpRewrite {
  /**
   * Replaces the matched path (or path prefix, for a prefix match), e.g. `/v2`.
   * @default - path unchanged
   */
  readonly uri?: string;
  /**
   * Replaces the authority (Host header).
   * @default - authority unchanged
   */
  readonly authority?: string;
}

/** One HTTP route: match conditions and what to do with matching requests. */
export interface HttpRoute {
  /**
   * The route's name (a DNS label), shown in Envoy's logs and stats.
   * @default - unnamed
   */
  readonly name?: string;
  /** Any of these matches (OR). @default - every request */
  readonly match?: HttpMatch[];
  /** Where to send the traffic; exactly one of `destinations` and `redirect`. */
  readonly destinations?: HttpRouteDestination[];
  /** Answer with a redirect instead. */
  readonly redirect?: HttpRedirect;
  /**
   * Timeout of the whole request, retries included.
   * @default - no timeout (Istio's default)
   */
  readonly timeout?: Duration;
  /**
   * Retry policy.
   * @default - Istio's default retries
   */
  readonly retries?: HttpRetries;
  /** Rewrite the path prefix / authority before forwarding. @default - no rewrite */
  readonly rewrite?: HttpRewrite;
  /** Request headers to set before forwarding. @default - none */
  readonly setRequestHeaders?: { [name: string]: string };
}

/** Props of {@link VirtualService}. */
export interface VirtualServiceProps {
  /**
   * Name, namespace, labels and annotations.
   * @default - name generated from the construct path, namespace of the chart
   */
  readonly metadata?: ApiObjectMetadata;
  /** Hosts the routes apply to: DNS names, `*.example.com`, or short service names. */
  readonly hosts: string[];
  /**
   * Gateways the routes apply at.
   * @default - none: only the mesh's sidecars
   */
  readonly gateways?: IGateway[];
  /**
   * Also apply the routes in the sidecars (the reserved `mesh` gateway) when `gateways` are given.
   * @default false
   */
  readonly includeMesh?: boolean;
  /** HTTP routes, evaluated in order; more with `addHttpRoute()`. @default - none */
  readonly http?: HttpRoute[];
  /** Namespaces the VirtualService is visible to (`.` = own, `*` = all). @default - all */
  readonly exportTo?: string[];
}

/**
 * An Istio VirtualService (networking.istio.io/v1): HTTP routing rules for
 * hosts at gateways and/or in the mesh. (Knative's net-istio generates its
 * own VirtualServices for Knative Routes; use this for non-Knative traffic.)
 * TCP and TLS routes are not modelled; use `ApiObject.of(vs).addJsonPatch()`.
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/
 */
export class VirtualService extends KnativeResource {
  /** The plural REST resource name of the kind: `virtualservices`. */
  public readonly resourceType = 'virtualservices';
  /** The wrapped API object (the escape hatch: `ApiObject.of(x)` finds it too). */
  protected readonly apiObject: ApiObject;
  private readonly hosts: string[];
  private readonly gateways: string[] | undefined;
  private readonly exportTo?: string[];
  private readonly routes: HttpRoute[] = [];

  constructor(scope: Construct, id: string, props: VirtualServiceProps) {
    super(scope, id);
    checkObjectMeta(this, props.metadata, props.metadata?.name, 'dns1123-label');
    const gateways = props.gateways?.map(gatewayName);
    const mesh = gateways === undefined || props.includeMesh === true;
    const hosts = checkIstioHosts(this, 'hosts', props.hosts, !mesh, true);
    hosts.forEach((host, i) => hosts.slice(0, i).forEach(before => check(!hostsOverlap(before, host), this, `hosts[${i}]`, host,
      `overlaps "${before}"; Istio refuses hosts of one VirtualService that are the same or that a wildcard covers`)));
    checkExportTo(this, 'exportTo', props.exportTo, props.metadata?.namespace ?? Chart.of(this).namespace);
    this.hosts = [...props.hosts];
    this.gateways = gateways === undefined ? undefined : [...gateways, ...(props.includeMesh ? ['mesh'] : [])];
    this.exportTo = props.exportTo;
    // a plain ApiObject, written as the construct built its spec (already in wire form): the generated
    // class's conversion maps every list, and a chart value list (one token until the chart renders it) is no list
    this.apiObject = new ApiObject(this, 'Resource', {
      ...KINDS.VirtualService,
      metadata: props.metadata,
      spec: Lazy.any({ produce: () => this._toSpec() }),
    });
    props.http?.forEach(r => this.addHttpRoute(r));
    this.node.addValidation({ validate: () => this.routes.length === 0 ? ['VirtualService has no HTTP routes; add one with addHttpRoute()'] : [] });
  }

  /** Appends an HTTP route (routes are evaluated in order). */
  public addHttpRoute(route: HttpRoute): void {
    const field = `http[${this.routes.length}]`;
    const dests = route.destinations ?? [];
    check((dests.length > 0) !== (route.redirect !== undefined), this, field, { destinations: dests.length, redirect: route.redirect !== undefined },
      'a route needs exactly one of destinations (at least one) and redirect');
    checkDnsLabel(this, `${field}.name`, route.name);
    route.match?.forEach((m, i) => {
      const at = `${field}.match[${i}]`;
      checkPort(this, `${at}.port`, m.port);
      checkStringMatch(this, `${at}.uri`, m.uri);
      checkStringMatch(this, `${at}.authority`, m.authority);
      checkStringMatch(this, `${at}.method`, m.method);
      for (const [name, sm] of Object.entries(m.headers ?? {})) {
        check(HEADER_NAME.test(name), this, `${at}.headers`, name, 'header names must be letters, digits, "-" and "_"');
        checkStringMatch(this, `${at}.headers.${name}`, sm);
      }
    });
    dests.forEach((d, i) => {
      checkOne(this, `${field}.destinations[${i}].host`, d.host, DESTINATION_HOST_RULE, h => isIstioHost(h, { allowBareWildcard: false }));
      checkPort(this, `${field}.destinations[${i}].port`, d.port);
      checkDnsLabel(this, `${field}.destinations[${i}].subset`, d.subset);
      checkIntegerRange(this, `${field}.destinations[${i}].weight`, d.weight, 0, 100);
    });
    if (dests.length > 1) {
      const weights = dests.map(d => d.weight ?? 0);
      const sum: InstallCheck = {
        field: `${field}.destinations[*].weight`,
        allowed: 'with several destinations the weights must add up to 100',
        condition: { kind: 'sum', terms: weights, total: 100 },
      };
      requireAtInstall(this, sum);
      check(conditionHolds(this, sum.condition), this, sum.field, plainValue(this, weights), sum.allowed);
    }
    if (route.redirect !== undefined) {
      const redirect = plainValue(this, route.redirect);
      check(!!(redirect.uri || redirect.authority || redirect.scheme), this, `${field}.redirect`, redirect, 'must set at least one of uri, authority and scheme');
      if (redirect.scheme) checkOne(this, `${field}.redirect.scheme`, route.redirect.scheme, SCHEME_RULE);
      checkOne(this, `${field}.redirect.redirectCode`, route.redirect.redirectCode, REDIRECT_CODE_RULE);
      check(route.rewrite === undefined, this, `${field}.rewrite`, plainValue(this, route.rewrite), 'cannot go with a redirect; Istio refuses a route with both');
    }
    checkIstioDuration(this, `${field}.timeout`, route.timeout);
    if (route.retries) {
      checkIntegerRange(this, `${field}.retries.attempts`, route.retries.attempts, 0, INT32_MAX);
      checkIstioDuration(this, `${field}.retries.perTryTimeout`, route.retries.perTryTimeout);
      checkRetryOn(this, `${field}.retries.retryOn`, route.retries.retryOn);
    }
    const rewrite = plainValue(this, route.rewrite);
    if (rewrite !== undefined) {
      check(!!(rewrite.uri || rewrite.authority), this, `${field}.rewrite`, rewrite, 'must set uri or authority');
    }
    let authority = rewrite?.authority ? 1 : 0;
    for (const name of Object.keys(route.setRequestHeaders ?? {})) {
      check(HEADER_NAME.test(name) || name === ':authority', this, `${field}.setRequestHeaders`, name,
        'header names must be letters, digits, "-" and "_" (":authority" is the only pseudo-header Istio lets a route set)');
      if (name.toLowerCase() === 'host' || name === ':authority') authority++;
    }
    check(authority <= 1, this, `${field}.setRequestHeaders`, plainValue(this, route.setRequestHeaders), 'sets the authority (host) more than once, with rewrite.authority or host/:authority');
    this.routes.push(route);
  }

  private _toSpec() {
    return {
      hosts: [...this.hosts],
      gateways: this.gateways,
      exportTo: this.exportTo,
      http: this.routes.map(toHttp),
    };
  }
}

const HEADER_NAME = /^[-_A-Za-z0-9]+$/;
const INT32_MAX = 2 ** 31 - 1;

/** Envoy's `retry_on` conditions Istio accepts (besides HTTP status codes). */
const RETRY_ON = new Set(['5xx', 'gateway-error', 'reset', 'connect-failure', 'retriable-4xx', 'refused-stream', 'retriable-status-codes',
  'retriable-headers', 'envoy-ratelimited', 'http3-post-connect-failure', 'reset-before-request',
  'cancelled', 'deadline-exceeded', 'internal', 'resource-exhausted', 'unavailable']);

const RETRY_ON_ALLOWED = `must be comma-separated (no spaces) Envoy retry conditions (${[...RETRY_ON].join(', ')}) or HTTP status codes`;
const RETRY_CONDITION = `(${[...RETRY_ON].join('|')}|[1-5][0-9][0-9])`;
/** `retryOn` as a pattern: the conditions, or status codes 100-599, comma-separated. */
const RETRY_ON_RULE: ValueRule = { pattern: `^${RETRY_CONDITION}(,${RETRY_CONDITION})*$`, allowed: RETRY_ON_ALLOWED };
const SCHEME_RULE: ValueRule = { enum: ['http', 'https'], allowed: 'must be "http" or "https"' };
const REDIRECT_CODE_RULE: ValueRule = { enum: [301, 302, 303, 307, 308], allowed: 'must be 301, 302, 303, 307 or 308' };
const DESTINATION_HOST_RULE = istioHostRule(false, false, 'must be a service host name');
/** A regex match: what Istio's CRD takes (the default is compiled too). */
const REGEX_LENGTH_RULE: ValueRule = { minLength: 1, maxLength: 1024, allowed: 'a regex must have 1 to 1024 characters' };

function checkRetryOn(scope: IConstruct, field: string, retryOn: string | undefined): void {
  if (!retryOn) return;
  constrainAtInstall(scope, field, retryOn, RETRY_ON_RULE);
  const plain = plainValue(scope, retryOn);
  for (const policy of plain.split(',')) {
    const code = /^\d{3}$/.test(policy) ? Number(policy) : undefined;
    check(RETRY_ON.has(policy) || (code !== undefined && code >= 100 && code <= 599), scope, field, policy,
      withDefaultNote(holdsToken(retryOn), RETRY_ON_ALLOWED));
  }
}

/**
 * Throws for a regex Istio refuses: empty, longer than 1,024 characters, not
 * compiling, or using what RE2 does not have (lookaround, backreferences).
 */
function checkStringMatch(scope: IConstruct, field: string, m: StringMatch | undefined): void {
  const raw = m?._regex();
  if (raw === undefined) return;
  // a chart value is checked by its default; the chart checks its length at install
  const re = checkOne(scope, field, raw, REGEX_LENGTH_RULE, r => r.length > 0 && r.length <= 1024);
  try {
    new RegExp(re);
  } catch {
    throw new KnativePropError(scope, field, re, 'must be a valid RE2 regular expression');
  }
  check(!/\(\?<?[=!]|\\[1-9]/.test(re), scope, field, re, 'must be an RE2 regular expression: no lookahead, lookbehind or backreferences');
}

function toHttp(r: HttpRoute): VirtualServiceSpecHttp {
  return {
    name: r.name,
    match: r.match?.map(m => ({
      uri: m.uri?._toIstio(),
      authority: m.authority?._toIstio(),
      method: m.method?._toIstio(),
      headers: m.headers ? Object.fromEntries(Object.entries(m.headers).map(([k, v]) => [k, v._toIstio()])) : undefined,
      port: m.port,
    })),
    route: r.destinations?.map(d => ({
      destination: { host: d.host, subset: d.subset, port: d.port === undefined ? undefined : { number: d.port } },
      weight: d.weight,
    })),
    redirect: r.redirect ? { ...r.redirect } : undefined,
    timeout: r.timeout ? goSeconds(r.timeout) : undefined,
    retries: r.retries ? {
      attempts: r.retries.attempts,
      perTryTimeout: r.retries.perTryTimeout ? goSeconds(r.retries.perTryTimeout) : undefined,
      retryOn: r.retries.retryOn,
    } : undefined,
    rewrite: r.rewrite ? { ...r.rewrite } : undefined,
    headers: r.setRequestHeaders ? { request: { set: { ...r.setRequestHeaders } } } : undefined,
  };
}
