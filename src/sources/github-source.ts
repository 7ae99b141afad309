import { ApiObject, Lazy } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import * as gen from '../../imports/github-source-sources.knative.dev';
import { check } from '../core/errors';
import { KnativeResource } from '../core/resource';
import { renderCeOverrides } from '../eventing/attributes';
import { dropUndefined } from '../eventing/delivery';
import { isAbsoluteUri, renderSink } from '../eventing/sink';
import { renderSecretKey, SecretKey } from './secret-key';
import { SourceProps } from './source-props';

/** GitHub webhook events a GitHubSource can subscribe to. */
export enum GitHubEventType {
  CHECK_SUITE = 'check_suite',
  COMMIT_COMMENT = 'commit_comment',
  CREATE = 'create',
  DELETE = 'delete',
  DEPLOYMENT = 'deployment',
  DEPLOYMENT_STATUS = 'deployment_status',
  FORK = 'fork',
  GOLLUM = 'gollum',
  INSTALLATION = 'installation',
  INTEGRATION_INSTALLATION = 'integration_installation',
  ISSUE_COMMENT = 'issue_comment',
  ISSUES = 'issues',
  LABEL = 'label',
  MEMBER = 'member',
  MEMBERSHIP = 'membership',
  MILESTONE = 'milestone',
  ORGANIZATION = 'organization',
  ORG_BLOCK = 'org_block',
  PAGE_BUILD = 'page_build',
  PING = 'ping',
  PROJECT_CARD = 'project_card',
  PROJECT_COLUMN = 'project_column',
  PROJECT = 'project',
  PUBLIC = 'public',
  PULL_REQUEST = 'pull_request',
  PULL_REQUEST_REVIEW = 'pull_request_review',
  PULL_REQUEST_REVIEW_COMMENT = 'pull_request_review_comment',
  PUSH = 'push',
  RELEASE = 'release',
  REPOSITORY = 'repository',
  STATUS = 'status',
  TEAM = 'team',
  TEAM_ADD = 'team_add',
  WATCH = 'watch',
}

/** Properties of a {@link GitHubSource}. */
export interface GitHubSourceProps extends SourceProps {
  /** `owner/repository`, or just `owner` for an organization's events. */
  readonly ownerAndRepository: string;
  /** The webhook events to receive (at least one). */
  readonly eventTypes: GitHubEventType[];
  /** The GitHub personal access token used to create the webhook. */
  readonly accessToken: SecretKey;
  /** The shared secret GitHub signs webhook requests with. */
  readonly secretToken: SecretKey;
  /**
   * The API URL of a GitHub Enterprise server.
   * @default - github.com
   */
  readonly githubApiUrl?: string;
  /**
   * Whether the webhook uses https.
   * @default - the scheme of the Knative Service the source creates
   */
  readonly secure?: boolean;
  /**
   * The identity of the receive adapter.
   * @default - the namespace's default ServiceAccount
   */
  readonly serviceAccount?: kplus.IServiceAccount;
}

/**
 * A GitHubSource (`sources.knative.dev/v1alpha1`, eventing-github): registers
 * a webhook on a repository or organization and turns its deliveries into CloudEvents.
 *
 * @see https://github.com/knative-extensions/eventing-github
 */
export class GitHubSource extends KnativeResource {
  public readonly resourceType = 'githubsources';
  protected readonly apiObject: ApiObject;
  private readonly props: GitHubSourceProps;

  constructor(scope: Construct, id: string, props: GitHubSourceProps) {
    super(scope, id);
    this.props = props;
    this.apiObject = new ApiObject(this, 'Resource', {
      ...gen.GitHubSource.GVK,
      metadata: props.metadata,
      spec: Lazy.any({ produce: () => this._toSpec() }),
    });
    check(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(\/[A-Za-z0-9._-]{1,100})?$/.test(props.ownerAndRepository ?? ''), this, 'ownerAndRepository',
      props.ownerAndRepository, 'must be "owner/repository" or "owner" (GitHub names: letters, digits, \'-\'; repositories also \'.\' and \'_\')');
    check(Array.isArray(props.eventTypes) && props.eventTypes.length > 0, this, 'eventTypes', props.eventTypes, 'list at least one GitHubEventType');
    props.eventTypes.forEach((t, i) =>
      check(Object.values(GitHubEventType).includes(t), this, `eventTypes[${i}]`, t, 'must be a GitHubEventType'));
    if (props.githubApiUrl !== undefined) {
      check(isAbsoluteUri(props.githubApiUrl), this, 'githubApiUrl', props.githubApiUrl, 'must be an absolute URL such as "https://github.example.com/api/v3/"');
    }
    this._toSpec();
  }

  private _toSpec(): Record<string, unknown> {
    const p = this.props;
    return dropUndefined({
      ownerAndRepository: p.ownerAndRepository,
      eventTypes: [...new Set(p.eventTypes)],
      accessToken: renderSecretKey(this, 'accessToken', p.accessToken),
      secretToken: renderSecretKey(this, 'secretToken', p.secretToken),
      githubAPIURL: p.githubApiUrl,
      secure: p.secure,
      serviceAccountName: p.serviceAccount?.name,
      sink: renderSink(this, 'sink', p.sink),
      ceOverrides: renderCeOverrides(this, 'ceOverrides', p.ceOverrides),
    });
  }
}
