import { ApiObject, ApiObjectMetadata, Chart, Duration, Lazy } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import type {
  DestinationRuleSpecTrafficPolicy,
  DestinationRuleSpecTrafficPolicyLoadBalancerSimple,
  DestinationRuleSpecTrafficPolicyTlsMode,
} from '../../imports/istio-destinationrule-networking.istio.io';
import { check, checkIntegerRange, KnativePropError } from '../core';
import { plainValue } from '../core/install-values';
import { KnativeResource } from '../validation/knative-resource';
import { checkDnsLabel, checkExportTo, checkIstioDuration, checkIstioHosts, checkLabels } from './hosts';
import { goSeconds } from '../core/durations';
import { checkObjectMeta } from '../core/labels';

/** The generated classes, loaded on first use (see src/core/kinds.ts). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const generated = (): typeof import('../../imports/istio-destinationrule-networking.istio.io') => require('../../imports/istio-destinationrule-networking.istio.io');

const INT32_MAX = 2 ** 31 - 1;
const UINT32_MAX = 2 ** 32 - 1;

/** TLS the client side (sidecar) uses towards the destination. */
export enum ClientTlsMode {
  /** Plain text. */
  DISABLE = 'DISABLE',
  /** TLS origination, verifying the server. */
  SIMPLE = 'SIMPLE',
  /** TLS origination with a client certificate. */
  MUTUAL = 'MUTUAL',
  /** Istio mutual TLS with mesh certificates (what STRICT PeerAuthentication expects). */
  ISTIO_MUTUAL = 'ISTIO_MUTUAL',
}

/** Load-balancing algorithms. */
export enum LoadBalancerAlgorithm {
  /** Each endpoint in turn. */
  ROUND_ROBIN = 'ROUND_ROBIN',
  /** The endpoint with the fewest outstanding requests (of two picked at random); Istio's default. */
  LEAST_REQUEST = 'LEAST_REQUEST',
  /** An endpoint picked at random. */
  RANDOM = 'RANDOM',
  /** No load balancing: connect to the address the caller asked for. */
  PASSTHROUGH = 'PASSTHROUGH',
}

/** Ejecting failing endpoints from the pool. */
export interface OutlierDetection {
  /**
   * Consecutive 5xx responses after which an endpoint is ejected.
   * @default 5
   */
  readonly consecutive5xxErrors?: number;
  /** How often endpoints are analysed. @default Duration.seconds(10) */
  readonly interval?: Duration;
  /** Minimum ejection time. @default Duration.seconds(30) */
  readonly baseEjectionTime?: Duration;
  /** Highest share of endpoints ejected, in percent. @default 10 */
  readonly maxEjectionPercent?: number;
}

/** A named subset of the service's endpoints, by pod labels. */
export interface DestinationSubset {
  /** The subset's name (a DNS label, unique in the rule), as routes name it in `subset`. */
  readonly name: string;
  /** Pod labels selecting the subset's endpoints; at least one. */
  readonly labels: Record<string, string>;
}

/** Props of {@link DestinationRule}. */
export interface DestinationRuleProps {
  /**
   * Name, namespace, labels and annotations.
   * @default - name generated from the construct path, namespace of the chart
   */
  readonly metadata?: ApiObjectMetadata;
  /** The service host the rule applies to, e.g. `reviews.apps.svc.cluster.local` or `*.local`. */
  readonly host: string;
  /**
   * TLS the sidecar uses towards the destination.
   * @default - Istio's automatic mTLS
   */
  readonly tlsMode?: ClientTlsMode;
  /**
   * Client certificate / CA Secret for SIMPLE or MUTUAL origination (only read by gateways); required with MUTUAL.
   * @default - none
   */
  readonly credential?: kplus.ISecret;
  /** SNI to present. @default - none */
  readonly sni?: string;
  /**
   * The load-balancing algorithm.
   * @default - Istio's default (LEAST_REQUEST)
   */
  readonly loadBalancer?: LoadBalancerAlgorithm;
  /** Maximum TCP connections per endpoint set. @default - unlimited */
  readonly maxConnections?: number;
  /** Maximum pending HTTP/1.1 requests. @default - unlimited */
  readonly http1MaxPendingRequests?: number;
  /** Maximum concurrent HTTP/2 requests. @default - unlimited */
  readonly http2MaxRequests?: number;
  /** TCP connect timeout. @default Duration.seconds(10) */
  readonly connectTimeout?: Duration;
  /**
   * Ejecting failing endpoints from the pool.
   * @default - no outlier detection
   */
  readonly outlierDetection?: OutlierDetection;
  /**
   * Named subsets of the endpoints, by pod labels, as routes name them.
   * @default - none
   */
  readonly subsets?: DestinationSubset[];
  /** Namespaces the rule is visible to. @default - all */
  readonly exportTo?: string[];
}

/**
 * An Istio DestinationRule (networking.istio.io/v1): client-side policy for
 * traffic to a service (TLS, load balancing, connection limits, outlier
 * detection, subsets).
 * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/
 */
export class DestinationRule extends KnativeResource {
  /** The plural REST resource name of the kind: `destinationrules`. */
  public readonly resourceType = 'destinationrules';
  /** The wrapped API object (the escape hatch: `ApiObject.of(x)` finds it too). */
  protected readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: DestinationRuleProps) {
    super(scope, id);
    checkObjectMeta(this, props.metadata, props.metadata?.name, 'dns1123-label');
    checkIstioHosts(this, 'host', [props.host], false);
    checkIntegerRange(this, 'maxConnections', props.maxConnections, 1, INT32_MAX);
    checkIntegerRange(this, 'http1MaxPendingRequests', props.http1MaxPendingRequests, 1, INT32_MAX);
    checkIntegerRange(this, 'http2MaxRequests', props.http2MaxRequests, 1, INT32_MAX);
    checkIntegerRange(this, 'outlierDetection.consecutive5xxErrors', props.outlierDetection?.consecutive5xxErrors, 0, UINT32_MAX);
    checkIntegerRange(this, 'outlierDetection.maxEjectionPercent', props.outlierDetection?.maxEjectionPercent, 0, 100);
    checkIstioDuration(this, 'connectTimeout', props.connectTimeout);
    checkIstioDuration(this, 'outlierDetection.interval', props.outlierDetection?.interval);
    checkIstioDuration(this, 'outlierDetection.baseEjectionTime', props.outlierDetection?.baseEjectionTime);
    if (props.credential !== undefined) {
      check(props.tlsMode === ClientTlsMode.SIMPLE || props.tlsMode === ClientTlsMode.MUTUAL, this, 'credential', props.credential.name,
        'is only used with tlsMode SIMPLE or MUTUAL');
    }
    check(props.tlsMode !== ClientTlsMode.MUTUAL || props.credential !== undefined, this, 'credential', undefined,
      'is required with tlsMode MUTUAL: the client certificate Istio presents');
    checkExportTo(this, 'exportTo', props.exportTo, props.metadata?.namespace ?? Chart.of(this).namespace);
    const names = new Set<string>();
    props.subsets?.forEach((s, i) => {
      checkDnsLabel(this, `subsets[${i}].name`, s.name);
      const name = plainValue(this, s.name);
      if (names.has(name)) throw new KnativePropError(this, `subsets[${i}].name`, name, 'must be unique');
      names.add(name);
      check(Object.keys(s.labels).length > 0, this, `subsets[${i}].labels`, s.labels, 'must select pods with at least one label');
      checkLabels(this, `subsets[${i}].labels`, s.labels);
    });
    this.apiObject = new (generated().DestinationRule)(this, 'Resource', {
      metadata: props.metadata,
      spec: Lazy.any({ produce: () => ({
        host: props.host,
        exportTo: props.exportTo,
        trafficPolicy: trafficPolicy(props),
        subsets: props.subsets?.map(s => ({ name: s.name, labels: { ...s.labels } })),
      }) }),
    });
  }
}

function trafficPolicy(props: DestinationRuleProps): DestinationRuleSpecTrafficPolicy | undefined {
  const tcp = props.maxConnections !== undefined || props.connectTimeout !== undefined
    ? { maxConnections: props.maxConnections, connectTimeout: props.connectTimeout ? goSeconds(props.connectTimeout) : undefined }
    : undefined;
  const http = props.http1MaxPendingRequests !== undefined || props.http2MaxRequests !== undefined
    ? { http1MaxPendingRequests: props.http1MaxPendingRequests, http2MaxRequests: props.http2MaxRequests }
    : undefined;
  const od = props.outlierDetection;
  const policy: DestinationRuleSpecTrafficPolicy = {
    tls: props.tlsMode === undefined && props.sni === undefined ? undefined : {
      mode: props.tlsMode as unknown as DestinationRuleSpecTrafficPolicyTlsMode | undefined,
      credentialName: props.credential?.name,
      sni: props.sni,
    },
    loadBalancer: props.loadBalancer ? { simple: props.loadBalancer as unknown as DestinationRuleSpecTrafficPolicyLoadBalancerSimple } : undefined,
    connectionPool: tcp || http ? { tcp, http } : undefined,
    outlierDetection: od ? {
      consecutive5XxErrors: od.consecutive5xxErrors ?? 5,
      interval: goSeconds(od.interval ?? Duration.seconds(10)),
      baseEjectionTime: goSeconds(od.baseEjectionTime ?? Duration.seconds(30)),
      maxEjectionPercent: od.maxEjectionPercent ?? 10,
    } : undefined,
  };
  return Object.values(policy).some(v => v !== undefined) ? policy : undefined;
}
