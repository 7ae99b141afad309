/** What {@link writeValidators} did. */
export interface WriteValidatorsResult {
  /** The module file names of `keys`. */
  readonly files: Set<string>;
  /** How many modules were (re)written. */
  readonly written: number;
  /** Total size of the modules, in bytes. */
  readonly bytes: number;
}

/**
 * Writes the gzipped Ajv standalone validator of each `apiVersion/kind` of
 * `keys` into `outDir`, keeping modules that are up to date. `registry` must be
 * created with `{ precompiled: false, source: true }`; `schema` is the module
 * that defines it (`src/validation/schema`).
 */
export declare function writeValidators(registry: unknown, schema: unknown, keys: readonly string[], outDir: string): WriteValidatorsResult;

/**
 * Writes `catalog.json` and `cel-rules.json` for the modules of `keys` into
 * `outDir`; `registry` as for {@link writeValidators}, `catalog` the
 * `schema-catalog` module.
 */
export declare function writeCatalogOf(registry: unknown, catalog: unknown, keys: readonly string[], outDir: string): {
  readonly files: string[];
  readonly celKinds: number;
};

/** The Kubernetes kinds generated besides the CRD kinds of the index. */
export declare const K8S_KINDS: readonly string[];
