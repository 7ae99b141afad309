/**
 * Shared shapes of the validation engine. The engine has three layers that
 * all report {@link Problem}s: schema (CRD / Kubernetes OpenAPI), Knative
 * semantics (the admission webhooks' rules) and cross-object references.
 */

/** A Kubernetes object as it is written to YAML. */
export interface Manifest {
  /** `group/version`, or `v1` for the core group. */
  readonly apiVersion: string;
  /** The kind, e.g. `Service`. */
  readonly kind: string;
  /** Standard object metadata. */
  readonly metadata?: {
    /** The object's name. */
    readonly name?: string;
    /** A name prefix the API server completes. */
    readonly generateName?: string;
    /** The namespace; absent means the namespace the object is applied to. */
    readonly namespace?: string;
    /** Labels. */
    readonly labels?: Record<string, string>;
    /** Annotations. */
    readonly annotations?: Record<string, string>;
    readonly [key: string]: unknown;
  };
  readonly [key: string]: unknown;
}

/** How bad a problem is: errors fail synth and the CLI, warnings are only shown. */
export type Severity = 'error' | 'warning';

/** Which layer found a problem. */
export type Layer = 'schema' | 'semantic' | 'reference';

/** Where a manifest came from, for messages. */
export interface ManifestSource {
  /** The construct path that produced the object (synth). */
  readonly constructPath?: string;
  /** The file the object was read from (CLI). */
  readonly file?: string;
  /** Zero-based index of the YAML document in `file`. */
  readonly doc?: number;
}

/** One thing wrong with one object. */
export interface Problem {
  /** Errors fail; warnings are shown. */
  readonly severity: Severity;
  /** The layer that found it. */
  readonly layer: Layer;
  /** Stable id of the rule, e.g. `serving/container-concurrency-range`. */
  readonly rule: string;
  /** `kind/name` (with namespace when known) of the object. */
  readonly object: {
    /** The object's apiVersion. */
    readonly apiVersion: string;
    /** The object's kind. */
    readonly kind: string;
    /** The object's name. */
    readonly name: string;
    /** The object's namespace, when set. */
    readonly namespace?: string;
  };
  /** Field path in the object, dotted with indices: `spec.template.spec.containers[0].image`. */
  readonly path: string;
  /** What is wrong, with the bad value. */
  readonly message: string;
  /** What is allowed / how to fix it. */
  readonly hint?: string;
  /** Where the object came from. */
  readonly source?: ManifestSource;
}

/** A finding of one semantic rule, before the engine adds object and source. */
export interface Finding {
  /** Field path, dotted with indices. */
  readonly path: string;
  /** What is wrong, with the bad value. */
  readonly message: string;
  /** What is allowed / how to fix it. */
  readonly hint?: string;
  /** @default 'error' */
  readonly severity?: Severity;
}

/**
 * The settings of the target cluster that change what Knative accepts:
 * its feature flags (`config-features`) and defaults (`config-defaults`).
 */
export interface ClusterSettings {
  /**
   * Feature flags by their `config-features` key, e.g.
   * `kubernetes.podspec-init-containers: enabled`. Unset keys take Knative's stock value; `allowrootbounded` is only a value of secure-pod-defaults, `permissive` and `strict` only of transport-encryption.
   */
  readonly features: Readonly<Record<string, 'enabled' | 'disabled' | 'allowed' | 'allowrootbounded' | 'permissive' | 'strict'>>;
  /** `config-defaults` of Knative Serving. */
  readonly defaults: {
    /** @default 300 */
    readonly revisionTimeoutSeconds: number;
    /** @default 600 */
    readonly maxRevisionTimeoutSeconds: number;
    /** @default 0 */
    readonly containerConcurrency: number;
    /** @default 1000 */
    readonly containerConcurrencyMaxLimit: number;
    /** @default true */
    readonly allowContainerConcurrencyZero: boolean;
  };
  /** `config-autoscaler` values the rules depend on. */
  readonly autoscaler: {
    /** @default true */
    readonly enableScaleToZero: boolean;
    /** @default 0 (no limit) */
    readonly maxScaleLimit: number;
    /** `allow-zero-initial-scale`: whether Revisions may start with 0 pods. @default false */
    readonly allowZeroInitialScale: boolean;
  };
  /** `config-network` values the cross-object checks depend on; absent: Knative's stock values. */
  readonly network?: {
    /** `autocreate-cluster-domain-claims`: whether Knative creates a DomainMapping's ClusterDomainClaim. @default false */
    readonly autocreateClusterDomainClaims: boolean;
  };
}

/** What a semantic rule sees besides the object. */
export interface RuleContext {
  /** The target cluster's settings. */
  readonly config: ClusterSettings;
}

/**
 * One admission rule of Knative, small and named. `kinds` lists
 * `group/Kind` keys (e.g. `serving.knative.dev/Service`) it applies to, or
 * `*` for a rule that runs on every object and picks the ones it checks
 * (duck types, such as any source).
 */
export interface SemanticRule {
  /** Stable id, e.g. `serving/container-concurrency`. */
  readonly id: string;
  /** One line: what the rule enforces. */
  readonly description: string;
  /** `group/Kind` keys of the kinds the rule checks. */
  readonly kinds: readonly string[];
  /** Returns what is wrong with `obj` (nothing when valid). */
  check(obj: Manifest, ctx: RuleContext): Finding[];
}

/** An object the references layer can resolve to: apiVersion, kind, name and namespace (`*`: any). */
export interface ObjectRef {
  /** The object's apiVersion. */
  readonly apiVersion: string;
  /** The object's kind. */
  readonly kind: string;
  /** The object's name. */
  readonly name: string;
  /** The object's namespace; `*` matches any, absent the referrer's. */
  readonly namespace?: string;
}
