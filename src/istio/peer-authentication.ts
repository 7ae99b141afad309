import { ApiObject, ApiObjectMetadata, Lazy } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import type { PeerAuthenticationSpecMtlsMode } from '../../imports/istio-peerauthentication-security.istio.io';
import { check } from '../core';
import { KnativeResource } from '../validation/knative-resource';
import { checkPort, checkWorkloadSelector } from './hosts';
import { checkObjectMeta } from '../core/labels';
import { plainValue } from '../core/install-values';
import { tokenAwareString } from '../core/tokens';

/** The generated classes, loaded on first use (see src/core/kinds.ts). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const generated = (): typeof import('../../imports/istio-peerauthentication-security.istio.io') => require('../../imports/istio-peerauthentication-security.istio.io');

/** Which connections a workload's sidecar accepts. */
export enum MtlsMode {
  /** Only Istio mutual TLS; plain-text connections are refused. */
  STRICT = 'STRICT',
  /** Mutual TLS and plain text (migration). */
  PERMISSIVE = 'PERMISSIVE',
  /** Plain text only. */
  DISABLE = 'DISABLE',
  /** Inherit from the namespace or mesh policy. */
  UNSET = 'UNSET',
}

/** The mTLS mode of one port, overriding the policy's mode there. */
export interface PortMtls {
  /** The container port number (1-65535). */
  readonly port: number;
  /** The mode on that port. */
  readonly mtlsMode: MtlsMode;
}

/** Props of {@link PeerAuthentication}. */
export interface PeerAuthenticationProps {
  /**
   * Name and namespace. Without a selector the policy covers its whole
   * namespace; in Istio's root namespace (`istio-system`) the whole mesh.
   * @default - name generated from the construct path, namespace of the chart
   */
  readonly metadata?: ApiObjectMetadata;
  /**
   * The mode on every port (but those in `portLevelMtls`).
   * @default MtlsMode.STRICT
   */
  readonly mtlsMode?: MtlsMode;
  /**
   * Pod labels of the workloads the policy applies to.
   * @default - every workload in the namespace
   */
  readonly selector?: { [key: string]: string };
  /**
   * Per-port modes (by container port), e.g. `[{ port: 9090, mtlsMode: MtlsMode.PERMISSIVE }]`
   * for a metrics port scraped from outside the mesh; each port once. Istio needs a `selector` for this.
   * @default - the same mode on every port
   */
  readonly portLevelMtls?: PortMtls[];
}

/**
 * An Istio PeerAuthentication (security.istio.io/v1): whether workloads
 * accept plain text or only mutual TLS. Defaults to STRICT.
 * @see https://istio.io/latest/docs/reference/config/security/peer_authentication/
 */
export class PeerAuthentication extends KnativeResource {
  /** The plural REST resource name of the kind: `peerauthentications`. */
  public readonly resourceType = 'peerauthentications';
  /** The mode of the policy. */
  public readonly mtlsMode: MtlsMode;
  /** The wrapped API object (the escape hatch: `ApiObject.of(x)` finds it too). */
  protected readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: PeerAuthenticationProps = {}) {
    super(scope, id);
    checkObjectMeta(this, props.metadata, props.metadata?.name, 'dns1123-label');
    checkWorkloadSelector(this, 'selector', props.selector);
    this.mtlsMode = props.mtlsMode ?? MtlsMode.STRICT;
    checkMtlsMode(this, 'mtlsMode', this.mtlsMode);
    const ports = props.portLevelMtls ?? [];
    ports.forEach((p, i) => {
      checkPort(this, `portLevelMtls[${i}].port`, p.port);
      checkMtlsMode(this, `portLevelMtls[${i}].mtlsMode`, p.mtlsMode);
    });
    // ports of chart values are compared by their defaults
    const plainPorts = ports.map(p => plainValue(this, p.port));
    plainPorts.forEach((port, i) => check(plainPorts.indexOf(port) === i, this, `portLevelMtls[${i}].port`, port, 'must be listed once'));
    if (ports.length > 0) {
      check(props.selector !== undefined && Object.keys(props.selector).length > 0, this, 'portLevelMtls', plainPorts,
        'needs a selector; Istio ignores port-level modes on namespace-wide policies');
    }
    this.apiObject = new (generated().PeerAuthentication)(this, 'Resource', {
      metadata: props.metadata,
      spec: Lazy.any({ produce: () => ({
        selector: props.selector ? { matchLabels: { ...props.selector } } : undefined,
        mtls: { mode: this.mtlsMode as unknown as PeerAuthenticationSpecMtlsMode },
        // a chart value's port becomes a key with the value's text
        portLevelMtls: ports.length > 0 ? Object.fromEntries(ports.map(p => [tokenAwareString(p.port), { mode: p.mtlsMode }])) : undefined,
      }) }),
    });
  }
}

/**
 * Throws unless `mode` is a {@link MtlsMode} (a plain string cast to the enum gets here from JavaScript or a cast).
 * @internal
 */
export function checkMtlsMode(scope: IConstruct, field: string, mode: MtlsMode): void {
  check((Object.values(MtlsMode) as string[]).includes(mode), scope, field, mode, `must be one of ${Object.values(MtlsMode).join(', ')}`);
}
