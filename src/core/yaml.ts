/**
 * The `yaml` package, loaded on first use: about 70 modules and tens of
 * milliseconds that an app pays only when it writes or reads YAML itself
 * (cdk8s writes the manifests with its own copy of the parser).
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const yaml = (): typeof import('yaml') => require('yaml');
