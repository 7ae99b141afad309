import { App, Chart } from 'cdk8s';
import { ChartValue } from '../../src/helm';
import { AuthorizationPolicy, Gateway, GatewayProtocol, PeerAuthentication, VirtualService } from '../../src/istio';
import { messageOf } from '../core/thrown';

/** Istio constructs with chart values: checks read the defaults, messages print them, the output keeps the tokens. */
function chartWithValues(): Chart {
  return new Chart(new App({ resolvers: [ChartValue.resolver()] }), 'test', { namespace: 'apps' });
}

describe('Istio constructs with chart values', () => {
  test('fails when the default of a port value is out of range, naming the default', () => {
    const chart = chartWithValues();
    const port = ChartValue.integerValue(chart, 'shop.port', { defaultValue: 0 }).asNumber();
    expect(() => new VirtualService(chart, 'Vs', { hosts: ['shop'], http: [{ destinations: [{ host: 'shop', port }] }] }))
      .toThrow(/\[test\/Vs\] http\[0\].destinations\[0\].port: 0 is not allowed; must be a port number from 1 to 65535 \(this is the default of a chart value\)/);
  });

  test('fails when the defaults of two gateway ports clash, printing the default port and never the token', () => {
    const chart = chartWithValues();
    const port = ChartValue.integerValue(chart, 'gw.port', { defaultValue: 9000 }).asNumber();
    const gw = new Gateway(chart, 'Gw', { servers: [{ hosts: ['*.example.com'], port, protocol: GatewayProtocol.TCP, portName: 'tcp-a' }] });
    let message = '';
    try {
      gw.addServer({ hosts: ['*.example.com'], port: 9000, protocol: GatewayProtocol.TCP, portName: 'tcp-b' });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/servers\[1\].port: 9000 is not allowed; conflicts with server "tcp-a" \(TCP on port 9000\)/);
    expect(message).not.toMatch(/e\+\d+/);
  });

  test('a generated port name keeps the port value a token, and plain synth writes its default', () => {
    const chart = chartWithValues();
    const port = ChartValue.integerValue(chart, 'gw.alt', { defaultValue: 8080 }).asNumber();
    new Gateway(chart, 'Gw', {
      servers: [
        { hosts: ['a.example.com'], port: 80, protocol: GatewayProtocol.HTTP },
        { hosts: ['b.example.com'], port, protocol: GatewayProtocol.HTTP },
      ],
    });
    const servers = chart.toJson()[0].spec.servers;
    expect(servers[1].port).toEqual({ number: 8080, name: 'http-8080', protocol: 'HTTP' });
  });

  test('a port-level mTLS port value becomes a key with its default, and duplicates are told by the defaults', () => {
    const chart = chartWithValues();
    const port = ChartValue.integerValue(chart, 'pa.port', { defaultValue: 9090 }).asNumber();
    const pa = new PeerAuthentication(chart, 'Pa', { selector: { app: 'shop' }, portLevelMtls: [{ port, mtlsMode: 'PERMISSIVE' as any }] });
    expect(chart.toJson()[0].spec.portLevelMtls).toEqual({ 9090: { mode: 'PERMISSIVE' } });
    expect(pa.mtlsMode).toBe('STRICT');
    expect(() => new PeerAuthentication(chart, 'Dup', {
      selector: { app: 'shop' }, portLevelMtls: [{ port, mtlsMode: 'PERMISSIVE' as any }, { port: 9090, mtlsMode: 'DISABLE' as any }],
    })).toThrow(/\[test\/Dup\] portLevelMtls\[1\].port: 9090 is not allowed; must be listed once/);
  });

  test('authorization ports of chart values are written as text of their defaults', () => {
    const chart = chartWithValues();
    const port = ChartValue.integerValue(chart, 'ap.port', { defaultValue: 8080 }).asNumber();
    new AuthorizationPolicy(chart, 'Ap', { rules: [{ operation: { ports: [port, 9090] } }] });
    expect(chart.toJson()[0].spec.rules[0].to[0].operation.ports).toEqual(['8080', '9090']);
  });

  test('fails when the default of a host list value holds a bad host', () => {
    const chart = chartWithValues();
    const hosts = ChartValue.listValue(chart, 'vs.hosts', { defaultValue: ['shop.example.com', 'Bad Host'] }).asStringList();
    expect(() => new VirtualService(chart, 'Vs', { hosts, http: [{ destinations: [{ host: 'shop' }] }] }))
      .toThrow(/\[test\/Vs\] hosts\[1\]: "Bad Host" is not allowed; must be a DNS name .* \(this is the default of a chart value\)/);
  });

  test('fails when the default of a host list value holds a bad host, with the note every check of a default ends with', () => {
    const chart = chartWithValues();
    const hosts = ChartValue.listValue(chart, 'vs.hosts', { defaultValue: ['shop.example.com', 'Bad Host'] }).asStringList();
    expect(messageOf(() => new VirtualService(chart, 'Vs', { hosts, http: [{ destinations: [{ host: 'shop' }] }] })))
      .toBe('[test/Vs] hosts[1]: "Bad Host" is not allowed; must be a DNS name such as "api.example.com", optionally prefixed with "*.", '
        + 'or an IP address (this is the default of a chart value)');
  });

  test('fails when the default of a retryOn value names an unknown condition, with the note every check of a default ends with', () => {
    const chart = chartWithValues();
    const retryOn = ChartValue.stringValue(chart, 'vs.retryOn', { defaultValue: '5xx,sometimes' }).asString();
    const message = messageOf(() => new VirtualService(chart, 'Vs', { hosts: ['shop'], http: [{ destinations: [{ host: 'shop' }], retries: { attempts: 2, retryOn } }] }));
    expect(message).toMatch(/^\[test\/Vs\] http\[0\]\.retries\.retryOn: "sometimes" is not allowed; must be comma-separated \(no spaces\) Envoy retry conditions \(5xx, .*\) or HTTP status codes \(this is the default of a chart value\)$/);
  });

  test('fails without the note when a plain retryOn names an unknown condition', () => {
    const chart = chartWithValues();
    expect(messageOf(() => new VirtualService(chart, 'Vs', { hosts: ['shop'], http: [{ destinations: [{ host: 'shop' }], retries: { attempts: 2, retryOn: '5xx,sometimes' } }] })))
      .toMatch(/^\[test\/Vs\] http\[0\]\.retries\.retryOn: "sometimes" is not allowed; must be comma-separated \(no spaces\) Envoy retry conditions \(5xx, .*\) or HTTP status codes$/);
  });
});
