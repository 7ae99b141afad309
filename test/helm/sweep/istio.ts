import {
  AuthorizationAction, AuthorizationPolicy, ClientTlsMode, DestinationRule, Gateway, GatewayProtocol, MtlsMode, PeerAuthentication,
  StringMatch, VirtualService,
} from '../../../src';
import { ConstructSweep, VALUE } from './harness';

/** Sweep entries of the Istio constructs (src/istio). */
export const SWEEP: ConstructSweep[] = [
  {
    construct: 'AuthorizationPolicy',
    build: (chart, v) => {
      new AuthorizationPolicy(chart, 'ap', {
        metadata: { name: 'shop' },
        selector: { app: v.str('app', 'shop', 'store') },
        rules: [{
          source: {
            namespaces: v.list('namespaces', ['apps'], ['apps', 'batch*']),
            notNamespaces: [v.str('notNamespace', 'test', 'staging')],
            principals: [v.str('principal', 'cluster.local/ns/apps/sa/web', 'cluster.local/ns/apps/sa/api')],
            notPrincipals: [v.str('notPrincipal', 'cluster.local/ns/apps/sa/batch', 'cluster.local/ns/apps/sa/cron')],
            requestPrincipals: [v.str('requestPrincipal', 'https://issuer.example.com/web', 'https://issuer.example.com/api')],
            ipBlocks: [v.str('ipBlock', '10.0.0.0/8', '192.168.0.0/16')],
          },
          operation: {
            hosts: [v.str('host', 'shop.example.com', 'store.example.com')],
            paths: [v.str('path', '/api/*', '/v2/*')],
            notPaths: [v.str('notPath', '/api/admin/*', '/v2/admin/*')],
            methods: v.list('methods', ['GET'], ['GET', 'POST']),
            ports: [v.int('port', 8080, 9090)],
          },
          when: [{
            key: 'request.headers[x-version]',
            values: [v.str('version', 'v1', 'v2')],
            notValues: [v.str('notVersion', 'v0', 'beta')],
          }],
        }],
      });
      new AuthorizationPolicy(chart, 'ext', {
        metadata: { name: 'ext' },
        action: AuthorizationAction.CUSTOM,
        provider: v.str('provider', 'ext-authz', 'oauth2-proxy'),
        rules: [{ operation: { paths: ['/admin/*'] } }],
      });
    },
    props: {
      'provider': VALUE,
      'selector': VALUE,
      'rules[].source.namespaces': VALUE,
      'rules[].source.notNamespaces': VALUE,
      'rules[].source.principals': VALUE,
      'rules[].source.notPrincipals': VALUE,
      'rules[].source.requestPrincipals': VALUE,
      'rules[].source.ipBlocks': VALUE,
      'rules[].operation.hosts': VALUE,
      'rules[].operation.paths': VALUE,
      'rules[].operation.notPaths': VALUE,
      'rules[].operation.methods': VALUE,
      'rules[].operation.ports': VALUE,
      'rules[].when[].key': 'the key decides what its values must be (IP addresses for the *.ip keys, port numbers for destination.port), so it is read at synth to check them',
      'rules[].when[].values': VALUE,
      'rules[].when[].notValues': VALUE,
    },
    refused: [
      { sets: ['--set-json', 'sweep.methods=["get"]'], error: /sweep\/methods\/0'.*does not match pattern/ },
      { sets: ['--set-string', 'sweep.ipBlock=10.0.0.0/33'], error: /sweep\/ipBlock'.*does not match pattern/ },
      { sets: ['--set-string', 'sweep.notNamespace=Apps!'], error: /sweep\/notNamespace'.*does not match pattern/ },
      { sets: ['--set', 'sweep.port=70000'], error: /sweep\/port'.*maximum/ },
      { sets: ['--set-string', 'sweep.provider='], error: /sweep\/provider'.*minLength/ },
    ],
  },
  {
    construct: 'DestinationRule',
    build: (chart, v) => {
      new DestinationRule(chart, 'dr', {
        metadata: { name: 'shop' },
        host: v.str('host', 'shop.sweep.svc.cluster.local', 'store.sweep.svc.cluster.local'),
        tlsMode: ClientTlsMode.ISTIO_MUTUAL,
        sni: v.str('sni', 'shop.example.com', 'store.example.com'),
        maxConnections: v.int('maxConnections', 100, 200),
        http1MaxPendingRequests: v.int('http1MaxPendingRequests', 10, 20),
        http2MaxRequests: v.int('http2MaxRequests', 1000, 2000),
        outlierDetection: {
          consecutive5xxErrors: v.int('consecutive5xxErrors', 5, 7),
          maxEjectionPercent: v.int('maxEjectionPercent', 10, 50),
        },
        subsets: [{ name: v.str('subset', 'v1', 'blue'), labels: { version: v.str('version', 'v1', 'blue-1') } }],
        exportTo: [v.str('exportTo', '.', 'apps')],
      });
    },
    props: {
      'host': VALUE,
      'sni': VALUE,
      'maxConnections': VALUE,
      'http1MaxPendingRequests': VALUE,
      'http2MaxRequests': VALUE,
      'outlierDetection.consecutive5xxErrors': VALUE,
      'outlierDetection.maxEjectionPercent': VALUE,
      'subsets[].name': VALUE,
      'subsets[].labels': VALUE,
      'exportTo': VALUE,
    },
    refused: [
      { sets: ['--set-string', 'sweep.host=*'], error: /sweep\/host'.*does not match pattern/ },
      { sets: ['--set', 'sweep.maxEjectionPercent=150'], error: /sweep\/maxEjectionPercent'.*100/ },
      { sets: ['--set', 'sweep.maxConnections=0'], error: /sweep\/maxConnections'.*1/ },
      { sets: ['--set-string', 'sweep.subset=V1'], error: /sweep\/subset'.*does not match pattern/ },
      { sets: ['--set-string', 'sweep.version=v*'], error: /sweep\/version'.*does not match pattern/ },
      { sets: ['--set-string', 'sweep.exportTo=~'], error: /sweep\/exportTo'.*does not match pattern/ },
    ],
  },
  {
    construct: 'Gateway',
    build: (chart, v) => {
      new Gateway(chart, 'gw', {
        metadata: { name: 'public' },
        selector: { istio: v.str('selector', 'ingressgateway', 'public-gateway') },
        servers: [{
          hosts: v.list('hosts', ['shop.example.com'], ['store.example.com', '*.example.org']),
          port: v.int('port', 80, 8080),
          portName: v.str('portName', 'http', 'web'),
          protocol: GatewayProtocol.HTTP,
        }],
      });
    },
    props: {
      'selector': VALUE,
      'servers[].hosts': VALUE,
      'servers[].port': VALUE,
      'servers[].portName': VALUE,
    },
    refused: [
      { sets: ['--set-json', 'sweep.hosts=["reviews"]'], error: /sweep\/hosts\/0'.*does not match pattern/ },
      { sets: ['--set-json', 'sweep.hosts=[]'], error: /sweep\/hosts'.*(minimum|minItems|at least)/ },
      { sets: ['--set', 'sweep.port=0'], error: /sweep\/port'.*1/ },
      { sets: ['--set-string', 'sweep.portName=Web'], error: /sweep\/portName'.*does not match pattern/ },
      { sets: ['--set-string', 'sweep.selector=gateway*'], error: /sweep\/selector'.*does not match pattern/ },
    ],
  },
  {
    construct: 'PeerAuthentication',
    build: (chart, v) => {
      new PeerAuthentication(chart, 'pa', {
        metadata: { name: 'shop' },
        selector: { app: v.str('app', 'shop', 'store') },
        portLevelMtls: [{ port: v.int('metricsPort', 9090, 9091), mtlsMode: MtlsMode.PERMISSIVE }],
      });
    },
    props: {
      'selector': VALUE,
      'portLevelMtls[].port': VALUE,
    },
    refused: [
      { sets: ['--set', 'sweep.metricsPort=70000'], error: /sweep\/metricsPort'.*maximum/ },
      { sets: ['--set-string', 'sweep.app=*'], error: /sweep\/app'.*does not match pattern/ },
    ],
  },
  {
    construct: 'VirtualService',
    build: (chart, v) => {
      new VirtualService(chart, 'vs', {
        metadata: { name: 'shop' },
        hosts: [v.str('host', 'shop.example.com', 'store.example.com')],
        exportTo: v.list('exportTo', ['.'], ['.', 'apps']),
        http: [
          {
            name: v.str('routeName', 'primary', 'main'),
            match: [{ uri: StringMatch.prefix('/api'), port: v.int('matchPort', 80, 8080) }],
            destinations: [
              {
                host: v.str('destinationHost', 'shop-v1.sweep.svc.cluster.local', 'shop-blue.sweep.svc.cluster.local'),
                port: v.int('destinationPort', 8080, 9090),
                subset: v.str('subset', 'v1', 'blue'),
                weight: v.int('weightA', 90, 70),
              },
              { host: 'shop-v2.sweep.svc.cluster.local', weight: v.int('weightB', 10, 30) },
            ],
            retries: { attempts: v.int('attempts', 3, 5), retryOn: v.str('retryOn', '5xx', '5xx,connect-failure') },
            rewrite: { uri: v.str('rewriteUri', '/v1', '/v2'), authority: v.str('rewriteAuthority', 'shop.internal', 'store.internal') },
            setRequestHeaders: { 'x-team': v.str('team', 'shop', 'payments') },
          },
          {
            match: [{ uri: StringMatch.prefix('/old') }],
            redirect: {
              uri: v.str('redirectUri', '/new', '/newer'),
              authority: v.str('redirectAuthority', 'shop.example.com', 'www.example.com'),
              scheme: v.str('scheme', 'https', 'http'),
              redirectCode: v.int('redirectCode', 301, 308),
            },
          },
        ],
      });
    },
    props: {
      'hosts': VALUE,
      'exportTo': VALUE,
      'http[].name': VALUE,
      'http[].match[].port': VALUE,
      'http[].destinations[].host': VALUE,
      'http[].destinations[].port': VALUE,
      'http[].destinations[].subset': VALUE,
      'http[].destinations[].weight': VALUE,
      'http[].retries.attempts': VALUE,
      'http[].retries.retryOn': VALUE,
      'http[].rewrite.uri': VALUE,
      'http[].rewrite.authority': VALUE,
      'http[].setRequestHeaders': VALUE,
      'http[].redirect.uri': VALUE,
      'http[].redirect.authority': VALUE,
      'http[].redirect.scheme': VALUE,
      'http[].redirect.redirectCode': VALUE,
    },
    refused: [
      { sets: ['--set', 'sweep.weightA=50'], error: /weights must add up to 100/ },
      { sets: ['--set-string', 'sweep.host=Bad Host'], error: /sweep\/host'.*does not match pattern/ },
      { sets: ['--set-json', 'sweep.exportTo=["~"]'], error: /sweep\/exportTo\/0'.*does not match pattern/ },
      { sets: ['--set-string', 'sweep.scheme=ftp'], error: /sweep\/scheme'.*(enum|one of)/ },
      { sets: ['--set', 'sweep.redirectCode=200'], error: /sweep\/redirectCode'.*(enum|one of)/ },
      { sets: ['--set-json', 'sweep.retryOn="5xx, reset"'], error: /sweep\/retryOn'.*does not match pattern/ },
      { sets: ['--set', 'sweep.destinationPort=0'], error: /sweep\/destinationPort'.*1/ },
      { sets: ['--set-string', 'sweep.subset=Blue'], error: /sweep\/subset'.*does not match pattern/ },
    ],
  },
];
