import { Duration } from 'cdk8s';
import { describeValue } from '../core/errors';
import { isUnresolved } from '../core/tokens';

/** Which kind of external-secrets.io store an `ExternalSecret` reads from. */
export enum SecretStoreKind {
  /** A `SecretStore` in the same namespace as the secret. */
  SECRET_STORE = 'SecretStore',
  /** A cluster-wide `ClusterSecretStore`. */
  CLUSTER_SECRET_STORE = 'ClusterSecretStore',
}

/**
 * How a SealedSecret was sealed (`kubeseal --scope`). The scope decides
 * whether the controller accepts the secret under another name or namespace.
 * @see https://github.com/bitnami-labs/sealed-secrets#scopes
 */
export enum SealingScope {
  /** Sealed for exactly this name and namespace (kubeseal's default). */
  STRICT = 'strict',
  /** Sealed for this namespace; the name may change. */
  NAMESPACE_WIDE = 'namespace-wide',
  /** Sealed for any name in any namespace. */
  CLUSTER_WIDE = 'cluster-wide',
}

/** Options of {@link SecretSource.fromExternalSecret}. */
export interface ExternalSecretSourceOptions {
  /** Name of the (Cluster)SecretStore that holds the value. */
  readonly store: string;
  /**
   * Kind of the store.
   * @default SecretStoreKind.CLUSTER_SECRET_STORE
   */
  readonly storeKind?: SecretStoreKind;
  /** Key of the value in the external store (`remoteRef.key`), e.g. `prod/registry`. */
  readonly key: string;
  /**
   * Which property of the remote value fills each key of the Secret
   * (`secret key -> remoteRef.property`).
   * @default - each key of the Secret is read from the property of the same name;
   * for an opaque secret without declared keys the whole remote object is extracted
   */
  readonly properties?: { [key: string]: string };
  /**
   * Version of the remote value.
   * @default - the latest version
   */
  readonly version?: string;
  /**
   * How often external-secrets re-reads the store.
   * @default Duration.hours(1)
   */
  readonly refreshInterval?: Duration;
}

/** Options of {@link SecretSource.fromSealedSecret}. */
export interface SealedSecretSourceOptions {
  /**
   * The encrypted values, by Secret key, as `kubeseal` writes them
   * (`spec.encryptedData`).
   */
  readonly encryptedData: { [key: string]: string };
  /**
   * The scope the values were sealed with.
   * @default SealingScope.STRICT
   */
  readonly scope?: SealingScope;
}

/**
 * The ways a Secret's value can reach the cluster.
 * @internal
 */
export enum SecretSourceKind {
  /** A Secret that already exists; nothing is synthesized. */
  EXISTING = 'Existing',
  /** An external-secrets.io `ExternalSecret` fetches the value from a secret store. */
  EXTERNAL_SECRET = 'ExternalSecret',
  /** A bitnami.com `SealedSecret` carries the encrypted value. */
  SEALED_SECRET = 'SealedSecret',
  /** A Kubernetes Secret with the literal value written into the manifest. */
  UNSAFE_PLAINTEXT = 'UnsafePlaintext',
}

/**
 * What a {@link SecretSource} holds, as the typed secrets read it.
 * @internal
 */
export interface SecretSourceConfig {
  /** Which way the value comes. */
  readonly kind: SecretSourceKind;
  /** For EXISTING: the Secret's name. */
  readonly existingName?: string;
  /** For EXTERNAL_SECRET: where to fetch it. */
  readonly external?: ExternalSecretSourceOptions;
  /** For SEALED_SECRET: the encrypted data. */
  readonly sealedData?: SealedSecretSourceOptions;
  /** For UNSAFE_PLAINTEXT: the literal data. */
  readonly plaintext?: { [key: string]: string };
  /** The Secret keys the source itself names (sealed or plaintext data, or an explicit property map). */
  readonly providedKeys?: string[];
}

/**
 * Where a secret's value comes from. There is no default: every typed secret
 * says explicitly whether it refers to an existing Secret, is fetched by
 * external-secrets, is decrypted by the sealed-secrets controller, or (only
 * through {@link SecretSource.unsafePlaintext}) is written in plain text into
 * the synthesized YAML.
 */
export class SecretSource {
  /**
   * A Secret that already exists in the cluster under `name` (in the
   * secret's namespace). Nothing is synthesized, and its keys cannot be
   * checked.
   */
  public static fromExisting(name: string): SecretSource {
    if (typeof name !== 'string') {
      throw new Error(`SecretSource.fromExisting name: ${describeValue(name)} is not allowed; must be the name of a Secret`);
    }
    return new SecretSource({ kind: SecretSourceKind.EXISTING, existingName: name });
  }

  /**
   * An `ExternalSecret` (external-secrets.io/v1) that makes the
   * external-secrets operator create the Secret from a secret store.
   * @see https://external-secrets.io/latest/api/externalsecret/
   */
  public static fromExternalSecret(options: ExternalSecretSourceOptions): SecretSource {
    checkOptionsObject('fromExternalSecret', 'options', options, 'ExternalSecretSourceOptions ({ store, key, ... })');
    const properties = options.properties;
    if (properties !== undefined) checkStringMap('fromExternalSecret', 'properties', properties, true);
    return new SecretSource({ kind: SecretSourceKind.EXTERNAL_SECRET, external: options, providedKeys: properties ? Object.keys(properties) : undefined });
  }

  /**
   * A `SealedSecret` (bitnami.com/v1alpha1) carrying values encrypted with the
   * cluster's sealing key; the controller turns it into the Secret.
   * @see https://github.com/bitnami-labs/sealed-secrets
   */
  public static fromSealedSecret(options: SealedSecretSourceOptions): SecretSource {
    checkOptionsObject('fromSealedSecret', 'options', options, 'SealedSecretSourceOptions ({ encryptedData, scope? })');
    checkStringMap('fromSealedSecret', 'encryptedData', options.encryptedData, false);
    return new SecretSource({ kind: SecretSourceKind.SEALED_SECRET, sealedData: options, providedKeys: Object.keys(options.encryptedData) });
  }

  /**
   * UNSAFE: writes `stringData` in plain text into the synthesized
   * manifest, where anyone who can read the YAML (repository, CI logs, Helm
   * chart) can read it. Meant for local clusters and tests only.
   */
  public static unsafePlaintext(stringData: { [key: string]: string }): SecretSource {
    checkStringMap('unsafePlaintext', 'stringData', stringData, false);
    return new SecretSource({ kind: SecretSourceKind.UNSAFE_PLAINTEXT, plaintext: { ...stringData }, providedKeys: Object.keys(stringData) });
  }

  private constructor(private readonly config: SecretSourceConfig) {}

  /**
   * What the source holds, for the typed secrets.
   * @internal
   */
  public _bind(): SecretSourceConfig {
    return this.config;
  }
}

/** Throws unless `options` is an object. */
function checkOptionsObject(factory: string, field: string, options: unknown, what: string): void {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new Error(`SecretSource.${factory} ${field}: ${describeValue(options)} is not allowed; must be ${what}`);
  }
}

/**
 * Throws unless `map` maps keys to strings. Secret material is never printed:
 * a wrong value is described by its type only, unless `showValues`.
 */
function checkStringMap(factory: string, field: string, map: unknown, showValues: boolean): void {
  if (typeof map !== 'object' || map === null || Array.isArray(map)) {
    throw new Error(`SecretSource.${factory} ${field}: ${showValues ? describeValue(map) : `a value of type ${map === null ? 'null' : Array.isArray(map) ? 'array' : typeof map}`} `
      + 'is not allowed; must be a map of Secret keys to strings');
  }
  for (const [key, v] of Object.entries(map)) {
    if (typeof v !== 'string' && !isUnresolved(v)) {
      throw new Error(`SecretSource.${factory} ${field}.${key}: ${showValues ? describeValue(v) : `a value of type ${v === null ? 'null' : typeof v}`} `
        + 'is not allowed; must be a string');
    }
  }
}
