import { Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import * as fc from 'fast-check';
import { Gateway, GatewayProtocol, GatewayServer, ServerTls, TlsVersion } from '../../src/istio';
import { OpaqueSecret, SecretSource, TlsSecret } from '../../src/secrets';
import { caseOf, modelled } from './gen';
import { assertProperty, checkCase, runsFor, timeoutFor, Verdict, worst } from './harness';
import { gatewayHostEntry, gatewayHostVerdict, isLabel, labels, objectName, objectNameVerdict, port, portVerdict, workloadSelectorVerdict } from './istio-gen';

type Cred = 'imported' | 'tls' | 'tls-with-ca' | 'opaque';
type RawTls =
  | { kind: 'none' | 'istioMutual' | 'passthrough' | 'redirect' }
  | { kind: 'simple'; cred: Cred; min?: TlsVersion }
  | { kind: 'mutual'; cred: Cred; ca: boolean; sans?: string[]; min?: TlsVersion };
interface RawServer {
  hosts: string[];
  port: number;
  protocol: GatewayProtocol;
  portName?: string;
  tls: RawTls;
  via: 'props' | 'addServer' | 'addHttpsServer' | 'addHttpRedirectServer';
}

const cred = fc.constantFrom<Cred>('imported', 'tls', 'tls-with-ca', 'opaque');
const minVersion = fc.option(fc.constantFrom(TlsVersion.TLS_AUTO, TlsVersion.TLSV1_2, TlsVersion.TLSV1_3), { nil: undefined });
const rawTls: fc.Arbitrary<RawTls> = fc.oneof(
  fc.record({ kind: fc.constantFrom('none' as const, 'istioMutual' as const, 'passthrough' as const, 'redirect' as const) }),
  fc.record({ kind: fc.constant('simple' as const), cred, min: minVersion }),
  fc.record({
    kind: fc.constant('mutual' as const), cred, ca: fc.boolean(), min: minVersion,
    sans: fc.option(fc.array(fc.constantFrom('spiffe://cluster.local/ns/a/sa/b', 'client.example.com', ''), { maxLength: 2 }), { nil: undefined }),
  }),
);
const protocol = fc.constantFrom(...Object.values(GatewayProtocol));
const portName = fc.option(fc.constantFrom('http', 'https', 'https-443', 'web', 'tls-passthrough', 'grpc', '', 'HTTP_X', 'a'.repeat(64)), { nil: undefined });

const rawServer: fc.Arbitrary<RawServer> = fc.record({
  hosts: fc.array(gatewayHostEntry, { minLength: 0, maxLength: 3 }),
  port,
  protocol,
  portName,
  tls: rawTls,
  via: fc.constantFrom('props' as const, 'addServer' as const, 'addHttpsServer' as const, 'addHttpRedirectServer' as const),
});
/** Servers that are right by construction: hosts, ports and TLS matching the protocol. */
const goodServer: fc.Arbitrary<RawServer> = fc.record({
  hosts: fc.array(fc.constantFrom('*', '*.example.com', 'api.example.com', 'apps/*.example.com', './shop.example.org', '*/*'), { minLength: 1, maxLength: 2 }),
  port: fc.constantFrom(80, 443, 8443, 15443),
  protocol,
  portName: fc.constant(undefined),
  tls: rawTls,
  via: fc.constantFrom('props' as const, 'addServer' as const),
}).map(s => ({ ...s, tls: fixTls(s.protocol, s.tls) }));

function fixTls(p: GatewayProtocol, tls: RawTls): RawTls {
  if (p === GatewayProtocol.HTTPS || p === GatewayProtocol.TLS) {
    return tls.kind === 'none' || tls.kind === 'redirect' ? { kind: 'simple', cred: 'tls' } : tls.kind === 'mutual' ? { ...tls, ca: true } : tls;
  }
  return p === GatewayProtocol.HTTP && tls.kind === 'redirect' ? tls : { kind: 'none' };
}

/** What the server becomes through the method it is added with. */
function effective(s: RawServer): RawServer {
  switch (s.via) {
    case 'addHttpsServer':
      return { ...s, protocol: GatewayProtocol.HTTPS, portName: s.portName ?? 'https', tls: s.tls.kind === 'simple' ? s.tls : { kind: 'simple', cred: 'tls' } };
    case 'addHttpRedirectServer':
      return { ...s, protocol: GatewayProtocol.HTTP, portName: s.portName ?? 'http', tls: { kind: 'redirect' } };
    default:
      return s;
  }
}

function credVerdict(c: Cred, mutual: boolean, ca: boolean): Verdict {
  // MUTUAL needs the client CA: caCertificate, or ca.crt in the credential (unknown for an imported or opaque Secret)
  if (mutual && !ca) return c === 'tls' ? 'bad' : c === 'tls-with-ca' ? 'ok' : 'either';
  return 'ok';
}

function serverVerdict(s: RawServer, names: string[]): Verdict {
  const v: Verdict[] = [];
  v.push(s.hosts.length === 0 ? 'bad' : worst(...s.hosts.map(gatewayHostVerdict)));
  v.push(portVerdict(s.port));
  const tls = s.tls;
  const terminates = s.protocol === GatewayProtocol.HTTPS || s.protocol === GatewayProtocol.TLS;
  if (terminates) v.push(tls.kind === 'none' || tls.kind === 'redirect' ? 'bad' : 'ok');
  else v.push(tls.kind === 'none' || (tls.kind === 'redirect' && s.protocol === GatewayProtocol.HTTP) ? 'ok' : 'bad');
  if (tls.kind === 'simple') v.push(credVerdict(tls.cred, false, true));
  if (tls.kind === 'mutual') {
    v.push(credVerdict(tls.cred, true, tls.ca));
    // Istio does not check subject alternative names; an empty one matches nothing
    if (tls.sans?.includes('')) v.push('either');
  }
  const base = s.protocol.toLowerCase();
  const name = s.portName ?? (names.includes(base) ? `${base}-${s.port}` : base);
  // Istio wants a name, unique in the gateway; the library writes DNS labels
  if (name === '' || names.includes(name)) v.push('bad');
  else if (!isLabel(name)) v.push('either');
  names.push(name);
  return worst(...v);
}

/** Istio's port groups (`mergeGateways`): plain-text HTTP family servers merge, HTTPS/TLS share by SNI, TCP is alone. */
function portGroup(p: GatewayProtocol): string {
  return p === GatewayProtocol.HTTPS || p === GatewayProtocol.TLS ? 'tls' : p === GatewayProtocol.TCP ? 'tcp' : 'http';
}

/** Hosts as istiod compares them; `.` is the chart's namespace `demo`. */
function effectiveHosts(hosts: string[]): string[] {
  if (hosts.includes('*/*')) return ['*'];
  return hosts.map(h => (h.startsWith('*/') ? h.slice(2) : h.startsWith('./') ? `demo/${h.slice(2)}` : h));
}

/**
 * Servers istiod drops at run time though its webhook takes them
 * (pilot/pkg/model/gateway.go): a server on the port of an earlier one it
 * cannot merge with, or one with TLS settings repeating a host of an earlier
 * one with TLS settings on the same port.
 */
function sharedPortVerdict(s: RawServer, before: RawServer[]): Verdict {
  const samePort = before.filter(b => b.port === s.port);
  if (samePort.some(b => portGroup(b.protocol) !== portGroup(s.protocol) || portGroup(s.protocol) === 'tcp')) return 'bad';
  if (s.tls.kind === 'none') return 'ok';
  const hosts = effectiveHosts(s.hosts);
  return samePort.some(b => b.tls.kind !== 'none' && effectiveHosts(b.hosts).some(h => hosts.includes(h))) ? 'bad' : 'ok';
}

const servers = modelled(
  fc.array(goodServer, { minLength: 1, maxLength: 3 }).map(list => list.map((s, i) => ({ ...s, port: s.port + i }))),
  fc.array(rawServer, { minLength: 1, maxLength: 3 }),
  list => {
    const names: string[] = [];
    const before: RawServer[] = [];
    return worst(...list.map(raw => {
      const s = effective(raw);
      const v = worst(serverVerdict(s, names), sharedPortVerdict(s, before));
      before.push(s);
      return v;
    }));
  },
);
const selector = modelled(
  fc.option(fc.constantFrom({ istio: 'ingressgateway' }, { app: 'edge', tier: 'public' }), { nil: undefined }),
  fc.option(labels, { nil: undefined }),
  // an empty selector would configure every Envoy, and no pod carries an empty key or "*": the library
  // refuses both on purpose (Istio's webhook checks no gateway selector)
  s => (s !== undefined && Object.keys(s).length === 0 ? 'either' : workloadSelectorVerdict(s)),
);
const name = modelled(objectName.filter(n => objectNameVerdict(n) === 'ok'), objectName, objectNameVerdict);
const gatewayCase = caseOf({ name, selector, servers });

function secret(chart: Chart, id: string, c: Cred): kplus.ISecret {
  switch (c) {
    case 'imported':
      return kplus.Secret.fromSecretName(chart, id, `${id.toLowerCase()}-cert`);
    case 'tls':
    case 'tls-with-ca':
      return new TlsSecret(chart, id, {
        metadata: { name: `${id.toLowerCase()}-cert`, namespace: 'istio-system' }, source: SecretSource.fromExisting(`${id.toLowerCase()}-cert`),
        withCaCertificate: c === 'tls-with-ca',
      });
    case 'opaque':
      return new OpaqueSecret(chart, id, { metadata: { name: `${id.toLowerCase()}-cert` }, source: SecretSource.fromExisting(`${id.toLowerCase()}-cert`) });
  }
}

function serverTls(chart: Chart, id: string, t: RawTls): ServerTls | undefined {
  switch (t.kind) {
    case 'none':
      return undefined;
    case 'istioMutual':
      return ServerTls.istioMutual();
    case 'passthrough':
      return ServerTls.passthrough();
    case 'redirect':
      return ServerTls.httpsRedirect();
    case 'simple':
      return ServerTls.simple(secret(chart, `${id}Cert`, t.cred), { minProtocolVersion: t.min });
    case 'mutual':
      return ServerTls.mutual(secret(chart, `${id}Cert`, t.cred), {
        minProtocolVersion: t.min, subjectAltNames: t.sans, caCertificate: t.ca ? kplus.Secret.fromSecretName(chart, `${id}Ca`, 'client-ca') : undefined,
      });
  }
}

const RUNS = runsFor(0.02);

describe('property: Istio Gateway props', () => {
  test(`${RUNS} generated Gateways either synthesize valid manifests or throw KnativePropError naming the field`, () => {
    assertProperty(gatewayCase, c => {
      const fields: Record<string, Verdict> = { 'metadata.name': c.name.verdict, 'selector': c.selector.verdict };
      // a server's error names it (servers[i]) or, for a server added with addHttpsServer(), its TLS
      fields.servers = c.servers.verdict;
      return checkCase(fields, chart => {
        const viaProps: GatewayServer[] = [];
        const later: ((gw: Gateway) => void)[] = [];
        c.servers.value.forEach((s, i) => {
          const id = `S${i}`;
          switch (s.via) {
            case 'props':
            case 'addServer': {
              const server: GatewayServer = { hosts: s.hosts, port: s.port, protocol: s.protocol, portName: s.portName, tls: serverTls(chart, id, s.tls) };
              if (s.via === 'props' && later.length === 0) viaProps.push(server);
              else later.push(gw => gw.addServer(server));
              break;
            }
            case 'addHttpsServer': {
              const t = s.tls.kind === 'simple' ? s.tls : { kind: 'simple' as const, cred: 'tls' as const, min: undefined };
              const credential = secret(chart, `${id}Cert`, t.cred);
              later.push(gw => gw.addHttpsServer({ hosts: s.hosts, port: s.port, portName: s.portName, credential, minProtocolVersion: t.min }));
              break;
            }
            case 'addHttpRedirectServer':
              later.push(gw => gw.addHttpRedirectServer({ hosts: s.hosts, port: s.port, portName: s.portName }));
              break;
          }
        });
        const gw = new Gateway(chart, 'Gw', {
          metadata: c.name.value === undefined ? undefined : { name: c.name.value },
          selector: c.selector.value,
          servers: viaProps.length > 0 ? viaProps : undefined,
        });
        later.forEach(add => add(gw));
      });
    }, RUNS);
  }, timeoutFor(RUNS));
});
