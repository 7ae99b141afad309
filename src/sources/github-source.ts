import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { KINDS } from '../core/kinds';
import { check, checkValue } from '../core/errors';
import { ValueRule } from '../core/install-values';
import { dropUndefined } from '../core/json';
import { isAbsoluteUri } from '../eventing/sink';
import { renderSecretKey, SecretKey } from './secret-key';
import { SourceBase } from './source-base';
import { SourceProps } from './source-props';

/** GitHub webhook events a GitHubSource can subscribe to. */
export enum GitHubEventType {
  /** `check_suite`: a check suite is requested, rerequested or completed. */
  CHECK_SUITE = 'check_suite',
  /** `commit_comment`: a comment on a commit is created. */
  COMMIT_COMMENT = 'commit_comment',
  /** `create`: a branch or tag is created. */
  CREATE = 'create',
  /** `delete`: a branch or tag is deleted. */
  DELETE = 'delete',
  /** `deployment`: a deployment is created. */
  DEPLOYMENT = 'deployment',
  /** `deployment_status`: the status of a deployment changes. */
  DEPLOYMENT_STATUS = 'deployment_status',
  /** `fork`: the repository is forked. */
  FORK = 'fork',
  /** `gollum`: a wiki page is created or updated. */
  GOLLUM = 'gollum',
  /** `installation`: a GitHub App is installed, uninstalled or its permissions change. */
  INSTALLATION = 'installation',
  /** `integration_installation`: the former name of `installation` (deprecated by GitHub). */
  INTEGRATION_INSTALLATION = 'integration_installation',
  /** `issue_comment`: a comment on an issue or pull request is created, edited or deleted. */
  ISSUE_COMMENT = 'issue_comment',
  /** `issues`: an issue is opened, edited, closed, reopened, assigned, labeled, ... */
  ISSUES = 'issues',
  /** `label`: a label is created, edited or deleted. */
  LABEL = 'label',
  /** `member`: a collaborator is added, removed or has their permissions changed. */
  MEMBER = 'member',
  /** `membership`: a user is added to or removed from a team. */
  MEMBERSHIP = 'membership',
  /** `milestone`: a milestone is created, opened, closed, edited or deleted. */
  MILESTONE = 'milestone',
  /** `organization`: the organization is renamed or deleted, or a member is invited, added or removed. */
  ORGANIZATION = 'organization',
  /** `org_block`: the organization blocks or unblocks a user. */
  ORG_BLOCK = 'org_block',
  /** `page_build`: a GitHub Pages site is built (successfully or not). */
  PAGE_BUILD = 'page_build',
  /** `ping`: sent once when the webhook is created. */
  PING = 'ping',
  /** `project_card`: a card of a (classic) project is created, edited, moved, converted or deleted. */
  PROJECT_CARD = 'project_card',
  /** `project_column`: a column of a (classic) project is created, updated, moved or deleted. */
  PROJECT_COLUMN = 'project_column',
  /** `project`: a (classic) project is created, edited, closed, reopened or deleted. */
  PROJECT = 'project',
  /** `public`: a private repository is made public. */
  PUBLIC = 'public',
  /** `pull_request`: a pull request is opened, edited, closed, reopened, synchronized (new commits), labeled, ... */
  PULL_REQUEST = 'pull_request',
  /** `pull_request_review`: a pull request review is submitted, edited or dismissed. */
  PULL_REQUEST_REVIEW = 'pull_request_review',
  /** `pull_request_review_comment`: a comment on a pull request's diff is created, edited or deleted. */
  PULL_REQUEST_REVIEW_COMMENT = 'pull_request_review_comment',
  /** `push`: commits or tags are pushed to the repository. */
  PUSH = 'push',
  /** `release`: a release is published, created, edited, deleted, ... */
  RELEASE = 'release',
  /** `repository`: a repository is created, deleted, archived, renamed, made public or private, ... */
  REPOSITORY = 'repository',
  /** `status`: the status of a commit changes. */
  STATUS = 'status',
  /** `team`: a team is created, edited or deleted, or its repository access changes. */
  TEAM = 'team',
  /** `team_add`: a repository is added to a team. */
  TEAM_ADD = 'team_add',
  /** `watch`: someone stars the repository (GitHub names the star event `watch`). */
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
export class GitHubSource extends SourceBase {
  public readonly resourceType = 'githubsources';
  private readonly props: GitHubSourceProps;

  constructor(scope: Construct, id: string, props: GitHubSourceProps) {
    super(scope, id, KINDS.GitHubSource, props);
    this.props = props;
    const dest = props.sink.toDestination();
    check(!(dest.reference && dest.uri !== undefined), this, 'sink.uri', dest.uri,
      'the GitHubSource CRD takes a ref or a uri, not both; drop the path (or send to a URI)');
    checkValue(this, 'ownerAndRepository', props.ownerAndRepository ?? '', OWNER_AND_REPOSITORY_RULE);
    check(Array.isArray(props.eventTypes) && props.eventTypes.length > 0, this, 'eventTypes', props.eventTypes, 'list at least one GitHubEventType');
    props.eventTypes.forEach((t, i) =>
      check(Object.values(GitHubEventType).includes(t), this, `eventTypes[${i}]`, t, 'must be a GitHubEventType'));
    checkValue(this, 'githubApiUrl', props.githubApiUrl, GITHUB_API_URL_RULE, url => isAbsoluteUri(url as string));
    this._sourceFields();
  }

  /** @internal */
  protected _sourceFields(): Record<string, unknown> {
    const p = this.props;
    return dropUndefined({
      ownerAndRepository: p.ownerAndRepository,
      eventTypes: [...new Set(p.eventTypes)],
      accessToken: renderSecretKey(this, 'accessToken', p.accessToken),
      secretToken: renderSecretKey(this, 'secretToken', p.secretToken),
      githubAPIURL: p.githubApiUrl,
      secure: p.secure,
      serviceAccountName: p.serviceAccount?.name,
    });
  }
}

/** `owner/repository` or `owner`, as GitHub names them. */
const OWNER_AND_REPOSITORY_RULE: ValueRule = {
  pattern: '^[A-Za-z0-9][A-Za-z0-9-]{0,38}(/[A-Za-z0-9._-]{1,100})?$',
  allowed: 'must be "owner/repository" or "owner" (GitHub names: letters, digits, \'-\'; repositories also \'.\' and \'_\')',
};
/** An absolute URL, as far as a pattern tells (a scheme, then a host); the default is checked in full. */
const GITHUB_API_URL_RULE: ValueRule = {
  pattern: '^[A-Za-z][A-Za-z0-9+.-]*://[^/?#\\t\\n\\v\\f\\r ]+([/?#][^\\t\\n\\v\\f\\r ]*)?$',
  allowed: 'must be an absolute URL such as "https://github.example.com/api/v3/"',
};
