#!/usr/bin/env node
/* eslint-disable @typescript-eslint/no-require-imports */
'use strict';
/**
 * Writes `lib/schemas/<apiVersion>_<kind>.js.gz`: the Ajv standalone validator of
 * each kind the CRD index lists (every served version) and of the Kubernetes
 * kinds in `K8S_KINDS`, generated from the same translated schemas and Ajv
 * options as the schema layer compiles at run time (large subschemas as
 * functions of their own, each kept as text and compiled on its first call:
 * `splitSchema` and `lazyValidatorModule` in the schema layer), gzipped (the
 * code is repetitive: ~15 MiB of JavaScript for every kind, under 2 MiB gzipped). Each
 * module's first line holds the hash of its schema; the schema layer (`src/validation/schema.ts`) uses a module
 * only when that hash matches the schema it would compile, and compiles at run
 * time otherwise (missing module, other CRD text, other Ajv version or options).
 *
 * Then writes `lib/schemas/cel-rules.json` (the CEL rules' tree of each kind with
 * `x-kubernetes-validations`, `src/validation/cel/tree.ts`) and
 * `lib/schemas/catalog.json` (`src/validation/schema-catalog.ts`): every kind
 * the schema layer knows, which have a module, which have CEL rules, and the
 * hash of the CRD folder and the schema layer's code; with it, a process that
 * finds the hash unchanged uses the modules and trees without reading any CRD.
 *
 * Run after `tsc -p .` (it loads `lib/src/validation/schema.js`). A module whose
 * hash is already right is kept. Usage: `node scripts/compile-schemas.js`.
 */
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const standaloneCode = require('ajv/dist/standalone').default;

const ROOT = path.resolve(__dirname, '..');
const OUT = path.join(ROOT, 'lib', 'schemas');
/** Kubernetes kinds the constructs and the example stack write. */
const K8S_KINDS = [
  'v1/ConfigMap', 'v1/Namespace', 'v1/Secret', 'v1/Service', 'v1/ServiceAccount',
  'apps/v1/Deployment',
  'rbac.authorization.k8s.io/v1/ClusterRole', 'rbac.authorization.k8s.io/v1/ClusterRoleBinding',
  'rbac.authorization.k8s.io/v1/Role', 'rbac.authorization.k8s.io/v1/RoleBinding',
];

/**
 * Writes the validator module of each `apiVersion/kind` of `keys` into `outDir`,
 * keeping those already up to date. `registry` is a `SchemaRegistry` created
 * with `{ precompiled: false, source: true }`; `schema` is its module.
 */
function writeValidators(registry, schema, keys, outDir) {
  fs.mkdirSync(outDir, { recursive: true });
  const files = new Set();
  let written = 0;
  let bytes = 0;
  for (const key of keys) {
    const slash = key.lastIndexOf('/');
    const [apiVersion, kind] = [key.slice(0, slash), key.slice(slash + 1)];
    const file = path.join(outDir, schema.precompiledModuleName(key));
    files.add(path.basename(file));
    const hash = registry.schemaHashOf(apiVersion, kind);
    if (hash === undefined) throw new Error(`compile-schemas: no schema for ${key}`);
    const first = `${schema.PRECOMPILED_HASH_PREFIX}${hash}\n`;
    if (fs.existsSync(file)) {
      const old = fs.readFileSync(file);
      let same = false;
      try {
        same = zlib.gunzipSync(old).subarray(0, first.length).toString('utf8') === first;
      } catch {
        same = false;
      }
      if (same) {
        bytes += old.length;
        continue;
      }
    }
    const { validate } = registry.compileForStandalone(apiVersion, kind);
    const gz = zlib.gzipSync(schema.lazyValidatorModule(first, standaloneCode(registry.ajvForStandalone(), validate)));
    fs.writeFileSync(`${file}.tmp`, gz);
    fs.renameSync(`${file}.tmp`, file);
    written++;
    bytes += gz.length;
  }
  return { files, written, bytes };
}

/**
 * Writes the catalog of the modules of `keys`, and the CEL trees of those with
 * rules, into `outDir`. `registry` is as for {@link writeValidators}; `catalog`
 * is the `schema-catalog` module. Returns the two files' names and how many
 * kinds have CEL rules.
 */
function writeCatalogOf(registry, catalog, keys, outDir) {
  const trees = new Map();
  for (const key of keys) {
    const slash = key.lastIndexOf('/');
    const tree = registry.celTreeOf(key.slice(0, slash), key.slice(slash + 1));
    if (tree) trees.set(key, tree);
  }
  catalog.writeCatalog(outDir, registry.catalogInputs(), registry.servedKinds(), keys, trees);
  return { files: [catalog.CATALOG_FILE, catalog.CEL_RULES_FILE], celKinds: trees.size };
}

function main() {
  const started = process.hrtime.bigint();
  const schema = require(path.join(ROOT, 'lib', 'src', 'validation', 'schema.js'));
  const registry = new schema.SchemaRegistry(schema.findCrdDirectory(ROOT), { precompiled: false, source: true });
  const keys = [...registry.indexedKinds(), ...K8S_KINDS];
  const { files, written, bytes } = writeValidators(registry, schema, keys, OUT);
  const catalog = require(path.join(ROOT, 'lib', 'src', 'validation', 'schema-catalog.js'));
  const catalogFiles = writeCatalogOf(registry, catalog, keys, OUT);
  for (const f of catalogFiles.files) files.add(f);
  for (const f of fs.readdirSync(OUT)) if (!files.has(f)) fs.rmSync(path.join(OUT, f), { force: true });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  console.log(`compile-schemas: ${keys.length} validators (${written} written, ${(bytes / 1048576).toFixed(1)} MiB), `
    + `${catalogFiles.celKinds} with CEL rules, in ${ms.toFixed(0)} ms`);
}

module.exports = { writeValidators, writeCatalogOf, K8S_KINDS };

if (require.main === module) main();
