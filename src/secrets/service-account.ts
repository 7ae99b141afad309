import { ApiObject, ApiObjectMetadata, Lazy } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { check, checkDns1123Label, checkDns1123Subdomain, KnativePropError } from '../core';
import { ImportedObject } from '../core/external';
import { checkLabelsAndAnnotations } from '../core/labels';
import { isTypedSecret } from '../core/typed-secret';
import { Validation } from '../validation/validation';

/** Props of {@link ServiceAccount}. */
export interface ServiceAccountProps {
  /**
   * Name, namespace, labels and annotations.
   * @default - name generated from the construct path, namespace of the chart
   */
  readonly metadata?: ApiObjectMetadata;
  /**
   * Registry credentials the kubelet uses to pull the pods' images
   * (`imagePullSecrets`); each must be a `kubernetes.io/dockerconfigjson`
   * Secret when its type is known.
   * @default - none
   */
  readonly imagePullSecrets?: kplus.ISecret[];
  /**
   * Credentials Tekton hands to build steps (the ServiceAccount's
   * `secrets`): git basic-auth or SSH secrets annotated with
   * `tekton.dev/git-<n>`, registry secrets.
   * @see https://tekton.dev/docs/pipelines/auth/
   * @default - none
   */
  readonly buildCredentials?: kplus.ISecret[];
  /**
   * Mount a Kubernetes API token into every pod that runs as this account.
   * Knative Services, sources and builds rarely call the API server, and a
   * mounted token is what an attacker in the pod would use first.
   * @default false
   */
  readonly automountServiceAccountToken?: boolean;
}

const BUILD_SECRET_TYPES = ['kubernetes.io/basic-auth', 'kubernetes.io/ssh-auth', 'kubernetes.io/dockerconfigjson', 'kubernetes.io/dockercfg'];

/**
 * A Kubernetes ServiceAccount that carries image pull secrets and build
 * credentials, for Knative Services (`serviceAccountName`), sources and
 * Tekton builds. It implements cdk8s-plus `IServiceAccount`, so it can be
 * bound to roles and given to cdk8s-plus workloads.
 *
 * No RBAC is created: grant what the workload needs with cdk8s-plus
 * `Role`/`RoleBinding` (or `resource.permissions.grantRead()`), nothing more.
 */
export class ServiceAccount extends kplus.Resource implements kplus.IServiceAccount {
  /**
   * Refers to a ServiceAccount that exists in the cluster (nothing is
   * synthesized for it).
   * @param name the ServiceAccount's name
   * @param options its namespace; by default the chart's
   */
  public static fromServiceAccountName(scope: Construct, id: string, name: string,
    options: kplus.FromServiceAccountNameOptions = {}): kplus.IServiceAccount {
    checkDns1123Subdomain(scope, `${id}.name`, name);
    checkDns1123Label(scope, `${id}.namespaceName`, options.namespaceName);
    return new ImportedServiceAccount(scope, id, name, options.namespaceName);
  }

  /** The plural REST resource name of the kind: `serviceaccounts`. */
  public readonly resourceType = 'serviceaccounts';
  /** Whether pods mount an API token. */
  public readonly automountServiceAccountToken: boolean;
  /** The wrapped API object (the escape hatch: `ApiObject.of(x)` finds it too). */
  protected readonly apiObject: ApiObject;
  private readonly _imagePullSecrets: kplus.ISecret[] = [];
  private readonly _buildCredentials: kplus.ISecret[] = [];

  constructor(scope: Construct, id: string, props: ServiceAccountProps = {}) {
    super(scope, id);
    // An app made only of ServiceAccounts is validated on synth too.
    Validation.of(this);
    checkLabelsAndAnnotations(this, props.metadata);
    this.automountServiceAccountToken = props.automountServiceAccountToken ?? false;
    this.apiObject = new kplus.k8s.KubeServiceAccount(this, 'Resource', {
      metadata: props.metadata,
      automountServiceAccountToken: this.automountServiceAccountToken,
      imagePullSecrets: Lazy.any({ produce: () => refs(this._imagePullSecrets) }),
      secrets: Lazy.any({ produce: () => refs(this._buildCredentials) }),
    });
    props.imagePullSecrets?.forEach(s => this.addImagePullSecret(s));
    props.buildCredentials?.forEach(s => this.addBuildCredential(s));
  }

  /** The image pull secrets (a copy). */
  public get imagePullSecrets(): kplus.ISecret[] {
    return [...this._imagePullSecrets];
  }

  /** The build credentials (a copy). */
  public get buildCredentials(): kplus.ISecret[] {
    return [...this._buildCredentials];
  }

  /** Adds registry credentials for image pulls. */
  public addImagePullSecret(secret: kplus.ISecret): void {
    if (isTypedSecret(secret)) {
      check(secret.secretType === 'kubernetes.io/dockerconfigjson', this, 'imagePullSecrets', secret.name,
        `must be a kubernetes.io/dockerconfigjson Secret (a RegistrySecret), not ${secret.secretType}`);
    }
    this.addUnique(this._imagePullSecrets, secret, 'imagePullSecrets');
  }

  /**
   * Adds a credential Tekton may use in builds. Basic-auth and SSH secrets
   * must carry `tekton.dev/git-<n>` or `tekton.dev/docker-<n>` annotations,
   * or Tekton ignores them.
   */
  public addBuildCredential(secret: kplus.ISecret): void {
    if (isTypedSecret(secret)) {
      check(BUILD_SECRET_TYPES.includes(secret.secretType), this, 'buildCredentials', secret.name,
        `must be a git or registry credential (${BUILD_SECRET_TYPES.join(', ')}), not ${secret.secretType}`);
      const tekton = Object.keys(secret.annotations).some(k => /^tekton\.dev\/(git|docker)-\d+$/.test(k));
      check(tekton || secret.secretType.startsWith('kubernetes.io/docker'), this, 'buildCredentials', secret.name,
        'must carry a tekton.dev/git-<n> or tekton.dev/docker-<n> annotation (set gitHosts or registries)');
    }
    this.addUnique(this._buildCredentials, secret, 'buildCredentials');
  }

  /** @see kplus.ISubject.toSubjectConfiguration */
  public toSubjectConfiguration(): kplus.SubjectConfiguration {
    return { kind: this.kind, name: this.name, apiGroup: this.apiGroup, namespace: this.metadata.namespace };
  }

  private addUnique(list: kplus.ISecret[], secret: kplus.ISecret, field: string): void {
    if (list.some(s => s.name === secret.name)) {
      throw new KnativePropError(this, field, secret.name, 'each Secret may be added once');
    }
    list.push(secret);
  }
}

/** A ServiceAccount outside the app, from {@link ServiceAccount.fromServiceAccountName}. */
class ImportedServiceAccount extends ImportedObject implements kplus.IServiceAccount {
  public readonly resourceType = 'serviceaccounts';
  public readonly apiGroup = '';

  constructor(scope: Construct, id: string, name: string, namespaceName?: string) {
    super(scope, id, { apiVersion: 'v1', kind: 'ServiceAccount', name, namespaceName });
  }

  public get apiVersion(): string {
    return this.reference.apiVersion;
  }

  public get kind(): string {
    return this.reference.kind;
  }

  public get resourceName(): string | undefined {
    return this.name;
  }

  public toSubjectConfiguration(): kplus.SubjectConfiguration {
    return { kind: this.kind, name: this.name, apiGroup: this.apiGroup, namespace: this.reference.namespaceName };
  }
}

function refs(secrets: kplus.ISecret[]): Array<{ name: string }> | undefined {
  return secrets.length > 0 ? secrets.map(s => ({ name: s.name })) : undefined;
}
