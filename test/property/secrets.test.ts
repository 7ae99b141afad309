import { Chart, Duration } from 'cdk8s';
import * as fc from 'fast-check';
import {
  GitBasicAuthSecret, GitSshSecret, OpaqueSecret, RegistrySecret, SealingScope, SecretBase, SecretSource, SecretStoreKind, ServiceAccount, TlsSecret,
} from '../../src/secrets';
import { assertProperty, badNames, checkCase, runCase, runsFor, timeoutFor, Verdict, worst } from './harness';
import { sealedValue } from '../secrets/sealed-value';

// ---------------------------------------------------------------- raw values

type Kind = 'opaque' | 'tls' | 'tls-ca' | 'registry' | 'git-basic' | 'git-ssh' | 'git-ssh-no-known-hosts';

const REQUIRED: Record<Kind, string[] | undefined> = {
  'opaque': undefined,
  'tls': ['tls.crt', 'tls.key'],
  'tls-ca': ['tls.crt', 'tls.key', 'ca.crt'],
  'registry': ['.dockerconfigjson'],
  'git-basic': ['username', 'password'],
  'git-ssh': ['ssh-privatekey', 'known_hosts'],
  'git-ssh-no-known-hosts': ['ssh-privatekey'],
};
const OPTIONAL: Partial<Record<Kind, string[]>> = { 'git-ssh-no-known-hosts': ['known_hosts'] };
const TYPE: Record<Kind, string> = {
  'opaque': 'Opaque', 'tls': 'kubernetes.io/tls', 'tls-ca': 'kubernetes.io/tls', 'registry': 'kubernetes.io/dockerconfigjson',
  'git-basic': 'kubernetes.io/basic-auth', 'git-ssh': 'kubernetes.io/ssh-auth', 'git-ssh-no-known-hosts': 'kubernetes.io/ssh-auth',
};

/** Kubernetes Secret keys: `[-._a-zA-Z0-9]+`, at most 253 characters, not `.` or `..` nor starting with `..`. */
function keyVerdict(key: string): Verdict {
  return /^[-._a-zA-Z0-9]+$/.test(key) && key.length <= 253 && key !== '.' && !key.startsWith('..') ? 'ok' : 'bad';
}

const oddKeys = fc.constantFrom('', 'a b', 'a/b', 'é', '.', '..', '..x', 'k'.repeat(254));
const goodKeys = fc.constantFrom('token', 'api.key', 'DB_PASSWORD', 'a-b', '.hidden', 'k'.repeat(253));

/** Keys for a secret of `kind`: exactly the required ones, some of them, extra ones, odd ones. */
function keySet(kind: Kind): fc.Arbitrary<string[]> {
  const required = REQUIRED[kind];
  if (!required) return fc.oneof({ arbitrary: fc.uniqueArray(goodKeys, { minLength: 1, maxLength: 3 }), weight: 4 }, fc.array(fc.oneof(goodKeys, oddKeys), { maxLength: 3 }));
  const allowed = [...required, ...(OPTIONAL[kind] ?? [])];
  return fc.oneof(
    { arbitrary: fc.constant(required), weight: 4 },
    fc.subarray(allowed, { minLength: 1 }),
    fc.tuple(fc.constant(required), fc.oneof(goodKeys, oddKeys)).map(([r, k]) => [...r, k]),
  );
}

const CANARY = 'Cnry-7f31-do-not-leak';
/** Secret values: they carry the canary so that the scan can find a leak. */
const values = (keys: readonly string[]) => Object.fromEntries(keys.map((k, i) => [k, `${CANARY}-${i}`]));

type RawSource =
  | { s: 'existing'; name: string }
  | { s: 'external'; store: string; storeKind?: SecretStoreKind; key: string; properties?: Record<string, string>; version?: string; refreshMs?: number }
  | { s: 'sealed'; data: Record<string, string>; scope?: SealingScope }
  | { s: 'plaintext'; data: Record<string, string> };

const subdomain = fc.oneof({ arbitrary: fc.constantFrom('vault', 'team-store', 'a.b', 'x'), weight: 5 }, badNames);

function rawSource(kind: Kind): fc.Arbitrary<RawSource> {
  return fc.oneof(
    fc.record({ s: fc.constant('existing' as const), name: subdomain }),
    fc.record({
      s: fc.constant('external' as const),
      store: subdomain,
      storeKind: fc.option(fc.constantFrom(SecretStoreKind.SECRET_STORE, SecretStoreKind.CLUSTER_SECRET_STORE), { nil: undefined }),
      key: fc.oneof({ arbitrary: fc.constantFrom('prod/registry', 'ci/git', 'a'), weight: 5 }, fc.constant('')),
      properties: fc.option(keySet(kind).map(ks => Object.fromEntries(ks.map(k => [k, `prop-${k}`]))), { nil: undefined }),
      version: fc.option(fc.constantFrom('3', 'latest'), { nil: undefined }),
      refreshMs: fc.option(fc.constantFrom(3_600_000, 90_000, 45_000, 0, 1500, 0.5), { nil: undefined }),
    }),
    fc.record({
      s: fc.constant('sealed' as const),
      data: keySet(kind).chain(ks => fc.constantFrom('', sealedValue('sealed')).map(v => Object.fromEntries(ks.map((k, i) => [k, i === 0 ? v : sealedValue(k)])))),
      scope: fc.option(fc.constantFrom(SealingScope.STRICT, SealingScope.NAMESPACE_WIDE, SealingScope.CLUSTER_WIDE), { nil: undefined }),
    }),
    fc.record({ s: fc.constant('plaintext' as const), data: keySet(kind).map(values) }),
  );
}

const hosts = fc.oneof(
  { arbitrary: fc.constantFrom(['github.com'], ['ghcr.io:443'], ['https://gitlab.example.com/group'], ['github.com', 'gitlab.com']), weight: 5 },
  fc.constantFrom([], ['localhost'], ['a_b.com'], ['github.com:0'], ['github.com:99999'], ['']),
);
function hostsVerdict(hs: readonly string[], required: boolean): Verdict {
  if (required && hs.length === 0) return 'bad';
  return worst(...hs.map(h => {
    const host = h.replace(/^https?:\/\//, '').replace(/\/.*$/, '');
    const [name, port] = host.split(':');
    const portOk = port === undefined || (/^\d+$/.test(port) && Number(port) >= 1 && Number(port) <= 65535);
    return /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(name) && name.includes('.') && portOk ? 'ok' : 'bad';
  }));
}

const labels = fc.option(fc.oneof(
  { arbitrary: fc.constantFrom({ app: 'web' }, { 'app.kubernetes.io/part-of': 'builds' }), weight: 4 },
  fc.constantFrom({ 'bad key!': 'x' }, { app: 'bad value!' }),
), { nil: undefined });

interface SecretCase {
  readonly kind: Kind;
  readonly source: RawSource;
  readonly name?: string;
  readonly labels?: Record<string, string>;
  readonly annotations?: Record<string, string>;
  readonly keys?: string[];
  readonly hosts: readonly string[];
  readonly account: 'none' | 'pull' | 'build' | 'both';
}

const rawSecretCase: fc.Arbitrary<SecretCase> = fc.constantFrom<Kind>('opaque', 'tls', 'tls-ca', 'registry', 'git-basic', 'git-ssh', 'git-ssh-no-known-hosts')
  .chain(kind => fc.record({
    kind: fc.constant(kind),
    source: rawSource(kind),
    name: fc.option(subdomain, { nil: undefined }),
    labels,
    annotations: fc.option(fc.constantFrom({ owner: 'team-a' }, { 'tekton.dev/git-0': 'https://other.example.com' }), { nil: undefined }),
    keys: kind === 'opaque' ? fc.option(keySet(kind), { nil: undefined }) : fc.constant(undefined),
    hosts,
    account: fc.constantFrom('none' as const, 'none' as const, 'pull' as const, 'build' as const, 'both' as const),
  }));

/** Mostly cases with at most one wrong field, so that a bad value is not hidden behind another. */
const secretCase: fc.Arbitrary<SecretCase> = fc.oneof(
  { arbitrary: rawSecretCase.filter(c => Object.values(secretFields(c)).filter(v => v !== 'ok').length <= 1), weight: 3 },
  { arbitrary: rawSecretCase, weight: 1 },
);

// ---------------------------------------------------------------- the model

const SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const nameVerdict = (n: string) => (SUBDOMAIN.test(n) && n.length <= 253 ? 'ok' : 'bad');

function secretFields(c: SecretCase): Record<string, Verdict> {
  const required = c.kind === 'opaque' ? c.keys : REQUIRED[c.kind];
  const allowed = required && [...required, ...(OPTIONAL[c.kind] ?? [])];
  const f: Record<string, Verdict> = {
    'metadata.name': c.name === undefined ? 'ok' : nameVerdict(c.name),
    'metadata': c.labels && ('bad key!' in c.labels || c.labels.app === 'bad value!') ? 'bad' : 'ok',
    'keys': c.keys === undefined ? 'ok' : c.keys.length > 0 && new Set(c.keys).size === c.keys.length ? worst(...c.keys.map(keyVerdict)) : 'bad',
  };
  const provided = c.source.s === 'sealed' || c.source.s === 'plaintext' ? Object.keys(c.source.data) : c.source.s === 'external' ? c.source.properties && Object.keys(c.source.properties) : undefined;
  const keysV: Verdict[] = (provided ?? []).map(keyVerdict);
  if (provided && allowed) keysV.push(...provided.map(k => (allowed.includes(k) ? 'ok' : 'bad')));
  if (provided && required && c.source.s !== 'external') keysV.push(required.every(k => provided.includes(k)) ? 'ok' : 'bad');
  f['source.keys'] = worst(...keysV);
  switch (c.source.s) {
    case 'existing':
      f['source.existingName'] = nameVerdict(c.source.name);
      if (c.name !== undefined && c.name !== c.source.name) f['metadata.name'] = 'bad';
      break;
    case 'external':
      f['source.key'] = c.source.key === '' ? 'bad' : 'ok';
      f['source.store'] = nameVerdict(c.source.store);
      f['source.refreshInterval'] = c.source.refreshMs === undefined || Number.isInteger(c.source.refreshMs) ? 'ok' : 'bad';
      break;
    case 'sealed':
      f['source.encryptedData'] = Object.values(c.source.data).some(v => v === '') ? 'bad' : 'ok';
      break;
    case 'plaintext':
      f['source'] = c.kind === 'opaque' && Object.keys(c.source.data).length === 0 ? 'bad' : 'ok';
      break;
  }
  if (c.kind === 'registry') f.registries = hostsVerdict(c.hosts, false);
  if (c.kind.startsWith('git')) f.gitHosts = hostsVerdict(c.hosts, true);
  const type = TYPE[c.kind];
  if (c.account === 'pull' || c.account === 'both') f.imagePullSecrets = type === 'kubernetes.io/dockerconfigjson' ? 'ok' : 'bad';
  if (c.account === 'build' || c.account === 'both') f.buildCredentials = type === 'Opaque' || type === 'kubernetes.io/tls' ? 'bad' : 'ok';
  return f;
}

function makeSource(s: RawSource): SecretSource {
  switch (s.s) {
    case 'existing': return SecretSource.fromExisting(s.name);
    case 'external': return SecretSource.fromExternalSecret({
      store: s.store, storeKind: s.storeKind, key: s.key, properties: s.properties, version: s.version,
      refreshInterval: s.refreshMs === undefined ? undefined : Duration.millis(s.refreshMs),
    });
    case 'sealed': return SecretSource.fromSealedSecret({ encryptedData: s.data, scope: s.scope });
    case 'plaintext': return SecretSource.unsafePlaintext(s.data);
  }
}

function build(c: SecretCase, chart: Chart): SecretBase {
  const base = { source: makeSource(c.source), metadata: { name: c.name, labels: c.labels, annotations: c.annotations } };
  let secret: SecretBase;
  switch (c.kind) {
    case 'opaque': secret = new OpaqueSecret(chart, 'Secret', { ...base, keys: c.keys }); break;
    case 'tls': secret = new TlsSecret(chart, 'Secret', base); break;
    case 'tls-ca': secret = new TlsSecret(chart, 'Secret', { ...base, withCaCertificate: true }); break;
    case 'registry': secret = new RegistrySecret(chart, 'Secret', { ...base, registries: [...c.hosts] }); break;
    case 'git-basic': secret = new GitBasicAuthSecret(chart, 'Secret', { ...base, gitHosts: [...c.hosts] }); break;
    case 'git-ssh': secret = new GitSshSecret(chart, 'Secret', { ...base, gitHosts: [...c.hosts] }); break;
    case 'git-ssh-no-known-hosts': secret = new GitSshSecret(chart, 'Secret', { ...base, gitHosts: [...c.hosts], requireKnownHosts: false }); break;
  }
  if (c.account !== 'none') {
    new ServiceAccount(chart, 'Account', {
      imagePullSecrets: c.account === 'pull' || c.account === 'both' ? [secret] : undefined,
      buildCredentials: c.account === 'build' || c.account === 'both' ? [secret] : undefined,
    });
  }
  return secret;
}

const RUNS = runsFor(0.04);
const SCAN_RUNS = runsFor(0.015);

describe('property: typed secrets and the ServiceAccount that carries them', () => {
  test(`${RUNS} generated secrets either synthesize valid manifests or throw KnativePropError naming the field`, () => {
    assertProperty(secretCase, c => checkCase(secretFields(c), chart => { build(c, chart); }), RUNS);
  }, timeoutFor(RUNS));

  test(`${SCAN_RUNS} generated secrets: no value reaches the YAML or an error message unless unsafePlaintext() was used`, () => {
    assertProperty(secretCase, c => {
      let outcome;
      try {
        outcome = runCase(chart => { build(c, chart); });
      } catch {
        return; // the first property judges these
      }
      const text = outcome.kind === 'valid' ? outcome.yaml : outcome.error.message;
      const leaks = text.includes(CANARY);
      if (leaks && !(c.source.s === 'plaintext' && outcome.kind === 'valid')) {
        throw new Error(`a secret value appears in the ${outcome.kind === 'valid' ? 'synthesized YAML' : 'error message'} of a ${c.source.s} source:\n${text}`);
      }
      if (c.source.s === 'plaintext' && outcome.kind === 'valid' && Object.keys(c.source.data).length > 0 && !leaks) {
        throw new Error('unsafePlaintext() data is missing from the YAML');
      }
      return outcome;
    }, SCAN_RUNS);
  }, timeoutFor(SCAN_RUNS));
});
