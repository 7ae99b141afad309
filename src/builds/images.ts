/**
 * Step images the build constructs use, pinned by tag in one place.
 * Bump them here (and in the tests' expected YAML) together.
 */
export const STEP_IMAGES = {
  /** Tekton's git-init (the catalog git-clone image); runs as a non-root user. */
  gitInit: 'ghcr.io/tektoncd-catalog/git-clone:v1.1.0',
  /** Small shell image for the steps that write results. */
  bash: 'docker.io/library/bash:5.2',
  /** The Kaniko executor (needs root inside its container to unpack base images). */
  kaniko: 'gcr.io/kaniko-project/executor:v1.23.2',
  /** Paketo's Ubuntu Jammy base builder with the CNB lifecycle. */
  buildpacks: 'docker.io/paketobuildpacks/builder-jammy-base:0.4.625',
} as const;

/** The uid distroless / Chainguard images use for their non-root user. */
export const NONROOT_UID = 65532;

/** The uid and gid of the `cnb` user of Paketo builders. */
export const CNB_UID = 1000;
