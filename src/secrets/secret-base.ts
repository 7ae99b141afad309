import { ApiObject, ApiObjectMetadata, Chart, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import type { ExternalSecretSpec } from '../../imports/externalsecrets-external-secrets.io';
import type { SealedSecretSpec } from '../../imports/sealedsecrets-bitnami.com';
import { check, isUnresolved, KnativePropError } from '../core';
import { checkPropTypes, checkValue, METADATA_TYPES, required } from '../core/errors';
import { checkDns1123Subdomain } from '../core/names';
import { ValueRule } from '../core/install-values';
import { checkMilliseconds, goDuration } from '../core/durations';
import { dropUndefined } from '../core/json';
import { SealingScope, SecretSource, SecretSourceConfig, SecretSourceKind, SecretStoreKind } from './secret-source';
import { checkObjectMeta } from '../core/labels';
import { KINDS } from '../core/kinds';
import { ITypedSecret } from '../core/typed-secret';
import { TektonCredentialFamily, tektonHostAnnotations } from './tekton-hosts';
import { Validation } from '../validation/validation';

/** The generated classes, loaded on first use (see src/core/kinds.ts). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const externalSecrets = (): typeof import('../../imports/externalsecrets-external-secrets.io') => require('../../imports/externalsecrets-external-secrets.io');

/**
 * Props every typed secret takes (repeated in each construct's props: jsii
 * lifts the fields of this hidden base).
 * @internal
 */
export interface SecretBaseProps {
  /** Where the value comes from; there is no default, so plaintext is never written by accident. */
  readonly source: SecretSource;
  /**
   * Name, namespace, labels and annotations of the Secret. With
   * `SecretSource.fromExisting()` the source names the Secret and `name` must not be set.
   * @default - name generated from the construct path, namespace of the chart
   */
  readonly metadata?: ApiObjectMetadata;
}

/**
 * The Tekton credential hosts a typed secret is annotated with
 * (`tekton.dev/<family>-<n>`), checked once the construct exists so errors name it.
 * @internal
 */
export interface TektonHosts {
  /** The prop that lists the hosts, for errors, e.g. `gitHosts`. */
  readonly field: string;
  /** `git` or `docker`. */
  readonly family: TektonCredentialFamily;
  /** The hosts. */
  readonly hosts?: string[];
  /** Render `https://host` (basic-auth and registries) instead of the bare host (SSH). */
  readonly withScheme: boolean;
  /** Fail when no host is given. */
  readonly required: boolean;
}

/**
 * What a concrete typed secret tells its base.
 * @internal
 */
export interface SecretShape {
  /** The Kubernetes Secret `type`, e.g. `kubernetes.io/tls`. */
  readonly secretType: string;
  /** Keys the Secret must have; `undefined` when any keys are accepted (opaque secrets). */
  readonly requiredKeys?: string[];
  /** Keys the Secret may have in addition. */
  readonly optionalKeys?: string[];
  /** The Tekton annotations the Secret must carry. */
  readonly tektonHosts?: TektonHosts;
}

const SECRET_KEY = /^[-._a-zA-Z0-9]+$/;

const STORE_KEY_RULE: ValueRule = { minLength: 1, allowed: 'must name the value in the secret store' };

/** Smallest RSA ciphertext kubeseal writes (a 2048-bit key; 4096 bits by default). */
const MIN_RSA_BYTES = 256;
/** Bytes of a sealed value with an empty plaintext: length header, RSA ciphertext, AES-GCM tag. */
const MIN_SEALED_BYTES = 2 + MIN_RSA_BYTES + 16;
/** Characters of the shortest sealed value (base64 with padding). */
const MIN_SEALED_CHARS = Math.ceil(MIN_SEALED_BYTES / 3) * 4;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Why `value` cannot be kubeseal output, or undefined when it may be. kubeseal
 * writes standard base64 of: a 2-byte big-endian length L, the RSA-OAEP
 * encrypted session key (L bytes, the key size: 256 or more), then the
 * AES-GCM ciphertext with its 16-byte tag. The reason never quotes the value.
 */
export function sealedValueProblem(value: string): string | undefined {
  if (value.length < MIN_SEALED_CHARS) return `has only ${value.length} characters`;
  if (!BASE64.test(value)) return 'is not standard base64 (letters, digits, +, / and = padding, no spaces)';
  const bytes = Buffer.from(value, 'base64');
  const rsaLength = bytes.readUInt16BE(0);
  if (rsaLength < MIN_RSA_BYTES || rsaLength % 8 !== 0 || bytes.length < 2 + rsaLength + 16) {
    return 'does not start with the length of an RSA-encrypted key that fits in it';
  }
  return undefined;
}

/** True when Kubernetes accepts `key` as a Secret key: letters, digits, `-`, `_`, `.`, at most 253, not `.`, `..` or `..`-prefixed. */
export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key) && key.length <= 253 && key !== '.' && !key.startsWith('..');
}

/** What {@link isSecretKey} accepts, for error messages. */
export const SECRET_KEY_RULE = 'must be a valid Secret key: letters, digits, \'-\', \'_\' and \'.\', at most 253 characters, not \'.\' and not starting with \'..\'';

/**
 * Base of the typed secrets: a Kubernetes Secret whose value comes from an
 * explicit {@link SecretSource}. It implements cdk8s-plus `ISecret`, so
 * `kplus.EnvValue.fromSecretValue()`, `kplus.Volume.fromSecret()` and
 * ServiceAccounts accept it like any other Secret.
 *
 * What is synthesized depends on the source: nothing (existing), an
 * `ExternalSecret`, a `SealedSecret`, or (unsafe opt-in) a `Secret` with the
 * literal data. The resulting Secret always has this construct's `name`.
 * A Secret from `SecretSource.fromExisting()` is not touched: it must
 * already have the type, keys and Tekton annotations this construct describes.
 *
 * Not public: jsii lifts its members into each typed secret.
 * @internal
 */
export abstract class SecretBase extends Construct implements ITypedSecret {
  /** The plural REST resource name of the kind: `secrets`. */
  public readonly resourceType = 'secrets';
  /** Where the value comes from. */
  public readonly source: SecretSource;
  /** The Kubernetes Secret type, e.g. `kubernetes.io/tls`. */
  public readonly secretType: string;
  /** Annotations the Secret carries, e.g. `tekton.dev/git-0`. */
  public readonly annotations: { [key: string]: string };
  /** The namespace of the Secret, when known (its metadata or the chart's). */
  public readonly namespaceName?: string;
  /** The object synthesized for this secret, if any (`ExternalSecret`, `SealedSecret` or `Secret`). */
  public readonly apiObject?: ApiObject;

  private readonly _name: string;
  private readonly knownKeys?: string[];
  private readonly sourceConfig: SecretSourceConfig;

  protected constructor(scope: Construct, id: string, props: SecretBaseProps, shape: SecretShape) {
    super(scope, id);
    // An app made only of secrets is validated on synth too.
    Validation.of(this);
    checkPropTypes(this, props, {
      source: required({ method: '_bind', what: 'a SecretSource, e.g. SecretSource.fromExisting("name") or SecretSource.fromExternalSecret({...})' }),
      metadata: METADATA_TYPES,
    });
    if (shape.tektonHosts?.hosts !== undefined || shape.tektonHosts?.required) {
      checkPropTypes(this, { [shape.tektonHosts.field]: shape.tektonHosts.hosts },
        { [shape.tektonHosts.field]: shape.tektonHosts.required ? required('stringList') : 'stringList' });
    }
    this.source = props.source;
    this.sourceConfig = props.source._bind();
    this.secretType = shape.secretType;
    const tekton = shape.tektonHosts;
    this.annotations = {
      ...props.metadata?.annotations,
      ...(tekton ? tektonHostAnnotations(this, tekton.field, tekton.family, tekton.hosts, tekton.withScheme, tekton.required) : {}),
    };
    this.namespaceName = props.metadata?.namespace ?? Chart.of(this).namespace;
    this.knownKeys = this.checkKeys(this.sourceConfig, shape);

    // `{ name: undefined }` must not hide the name cdk8s generates
    const meta = dropUndefined(props.metadata ?? {});
    checkObjectMeta(this, props.metadata, meta.name, 'dns1123-subdomain');
    const source = this.sourceConfig;
    switch (source.kind) {
      case SecretSourceKind.EXISTING: {
        const name = source.existingName!;
        checkDns1123Subdomain(this, 'source.existingName', name);
        check(meta.name === undefined || meta.name === name, this, 'metadata.name', meta.name,
          `must be unset with SecretSource.fromExisting("${name}"); the existing Secret's name is used`);
        this._name = name;
        break;
      }
      case SecretSourceKind.EXTERNAL_SECRET:
        this.apiObject = this.externalSecret(meta);
        this._name = this.apiObject.name;
        break;
      case SecretSourceKind.SEALED_SECRET:
        this.apiObject = this.sealedSecret(meta);
        this._name = this.apiObject.name;
        break;
      case SecretSourceKind.UNSAFE_PLAINTEXT:
        this.apiObject = new kplus.k8s.KubeSecret(this, 'Resource', {
          metadata: { ...meta, annotations: this.annotationsOrUndefined() },
          type: shape.secretType,
          stringData: { ...source.plaintext },
        });
        this._name = this.apiObject.name;
        break;
    }
  }

  /** The Secret's name. */
  public get name(): string {
    return this._name;
  }

  /** The API version of a Secret: `v1`. */
  public get apiVersion(): string {
    return 'v1';
  }

  /** The API group of a Secret: the core group, `''`. */
  public get apiGroup(): string {
    return '';
  }

  /** The kind: `Secret`. */
  public get kind(): string {
    return 'Secret';
  }

  /** The Secret's name, for RBAC rules. */
  public get resourceName(): string | undefined {
    return this._name;
  }

  /**
   * The keys the Secret will have, when they are known (always for typed
   * secrets; for opaque secrets when declared or given by the source).
   */
  public get keys(): string[] | undefined {
    return this.knownKeys ? [...this.knownKeys] : undefined;
  }

  /**
   * An environment variable value read from `key` of this Secret.
   * Fails when the Secret's keys are known and `key` is not one of them.
   */
  public envValue(key: string, options?: kplus.EnvValueFromSecretOptions): kplus.EnvValue {
    if (this.knownKeys && !this.knownKeys.includes(key)) {
      throw new KnativePropError(this, 'envValue.key', key, `must be one of the Secret's keys: ${this.knownKeys.join(', ')}`);
    }
    return kplus.EnvValue.fromSecretValue({ secret: this, key }, options);
  }

  private annotationsOrUndefined(): Record<string, string> | undefined {
    return Object.keys(this.annotations).length > 0 ? { ...this.annotations } : undefined;
  }

  private checkKeys(source: SecretSourceConfig, shape: SecretShape): string[] | undefined {
    const provided = source.providedKeys;
    for (const key of provided ?? []) {
      check(isSecretKey(key), this, 'source.keys', key, SECRET_KEY_RULE);
    }
    if (shape.requiredKeys === undefined) return provided;
    const allowed = [...shape.requiredKeys, ...(shape.optionalKeys ?? [])];
    if (provided === undefined) return allowed;
    for (const key of provided) {
      check(allowed.includes(key), this, 'source.keys', key, `a ${shape.secretType} Secret takes only the keys ${allowed.join(', ')}`);
    }
    // An external secret with an explicit property map may map only some keys; the rest use the same-named property.
    if (source.kind !== SecretSourceKind.EXTERNAL_SECRET) {
      const missing = shape.requiredKeys.filter(k => !provided.includes(k));
      check(missing.length === 0, this, 'source.keys', provided, `a ${shape.secretType} Secret needs the keys ${shape.requiredKeys.join(', ')} (missing: ${missing.join(', ')})`);
      return provided;
    }
    return allowed.filter(k => shape.requiredKeys!.includes(k) || provided.includes(k));
  }

  // The ExternalSecret and SealedSecret are plain ApiObjects with their spec
  // written in wire form (typed by the generated spec interfaces, keys in their
  // order): the generated classes would convert the resolved spec once more on
  // every synth, for the same manifest.
  private externalSecret(meta: ApiObjectMetadata): ApiObject {
    const ext = this.sourceConfig.external!;
    checkPropTypes(this, ext, {
      store: required('string'), key: required('string'), version: 'string', refreshInterval: 'duration',
      storeKind: { oneOf: Object.values(SecretStoreKind), what: 'SecretStoreKind.SECRET_STORE or SecretStoreKind.CLUSTER_SECRET_STORE' },
    }, 'source');
    checkValue(this, 'source.key', ext.key, STORE_KEY_RULE);
    checkDns1123Subdomain(this, 'source.store', ext.store);
    const refresh = ext.refreshInterval ?? Duration.hours(1);
    checkMilliseconds(this, 'source.refreshInterval', refresh);
    const keys = this.knownKeys;
    const remoteRef = (secretKey: string) => dropUndefined({
      key: ext.key,
      property: ext.properties?.[secretKey] ?? secretKey,
      version: ext.version,
    });
    const { ExternalSecretSpecSecretStoreRefKind, ExternalSecretSpecTargetCreationPolicy } = externalSecrets();
    const spec: ExternalSecretSpec = dropUndefined({
      data: keys?.map(secretKey => ({ remoteRef: remoteRef(secretKey), secretKey })),
      dataFrom: keys ? undefined : [{ extract: dropUndefined({ key: ext.key, version: ext.version }) }],
      refreshInterval: goDuration(refresh),
      secretStoreRef: {
        kind: ext.storeKind === SecretStoreKind.SECRET_STORE
          ? ExternalSecretSpecSecretStoreRefKind.SECRET_STORE
          : ExternalSecretSpecSecretStoreRefKind.CLUSTER_SECRET_STORE,
        name: ext.store,
      },
      target: {
        creationPolicy: ExternalSecretSpecTargetCreationPolicy.OWNER,
        template: { metadata: this.templateMetadata(meta), type: this.secretType },
      },
    });
    return new ApiObject(this, 'Resource', { ...KINDS.ExternalSecret, metadata: { ...meta, annotations: undefined }, spec });
  }

  private sealedSecret(meta: ApiObjectMetadata): ApiObject {
    const sealed = this.sourceConfig.sealedData!;
    if (sealed.scope !== undefined && !Object.values(SealingScope).includes(sealed.scope)) {
      throw new KnativePropError(this, 'source.scope', sealed.scope, 'must be a SealingScope, e.g. SealingScope.STRICT');
    }
    const scope = sealed.scope ?? SealingScope.STRICT;
    for (const [key, value] of Object.entries(sealed.encryptedData)) {
      check(typeof value === 'string' && value.length > 0, this, `source.encryptedData.${key}`, typeof value === 'string' ? value : typeof value,
        'must be the non-empty output of kubeseal');
      const problem = isUnresolved(value) ? undefined : sealedValueProblem(value);
      // the value is never printed: when it is not encrypted, it is the secret in clear
      check(problem === undefined, this, `source.encryptedData.${key}`, '<value not shown>',
        `must be the output of kubeseal (base64 of an RSA-encrypted session key and the AES-GCM ciphertext, ${MIN_SEALED_CHARS} characters or more); `
        + `this value ${problem}. Seal it with \`kubeseal --raw\` or \`kubeseal -o yaml\`; never commit the clear value`);
    }
    const scopeAnnotations: Record<string, string> = {};
    if (scope === SealingScope.NAMESPACE_WIDE) scopeAnnotations['sealedsecrets.bitnami.com/namespace-wide'] = 'true';
    if (scope === SealingScope.CLUSTER_WIDE) scopeAnnotations['sealedsecrets.bitnami.com/cluster-wide'] = 'true';
    const spec: SealedSecretSpec = {
      encryptedData: { ...sealed.encryptedData },
      template: { metadata: this.templateMetadata(meta), type: this.secretType },
    };
    return new ApiObject(this, 'Resource', {
      ...KINDS.SealedSecret,
      metadata: { ...meta, annotations: Object.keys(scopeAnnotations).length > 0 ? scopeAnnotations : undefined },
      spec,
    });
  }

  /** `metadata` of the Secret the controller writes: this construct's annotations, the labels of `meta`. */
  private templateMetadata(meta: ApiObjectMetadata): { annotations?: Record<string, string>; labels?: Record<string, string> } {
    return dropUndefined({ annotations: this.annotationsOrUndefined(), labels: meta.labels });
  }
}

