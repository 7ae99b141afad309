import {
  GitBasicAuthSecret, GitSshSecret, OpaqueSecret, RegistrySecret, SecretSource, ServiceAccount, TlsSecret,
} from '../../../src';
import { ConstructSweep, VALUE } from './harness';

const external = (key: string) => SecretSource.fromExternalSecret({ store: 'vault', key });

/** Sweep entries of the typed secrets and the ServiceAccount (src/secrets). */
export const SWEEP: ConstructSweep[] = [
  {
    construct: 'GitBasicAuthSecret',
    build: (chart, v) => {
      new GitBasicAuthSecret(chart, 'git', {
        metadata: { name: 'git-https' },
        source: external('ci/git'),
        gitHosts: [v.str('gitHost', 'github.com', 'gitlab.example.com'), `https://${v.str('mirrorHost', 'git.example.com', 'mirror.example.com:8443')}`],
      });
    },
    props: {
      gitHosts: VALUE,
    },
    refused: [
      { sets: ['--set-string', 'sweep.gitHost=https://github.com'], error: /sweep\/gitHost'.*does not match pattern/ },
      { sets: ['--set-string', 'sweep.mirrorHost=mirror'], error: /sweep\/mirrorHost'.*does not match pattern/ },
    ],
  },
  {
    construct: 'GitSshSecret',
    build: (chart, v) => {
      new GitSshSecret(chart, 'ssh', {
        metadata: { name: 'git-ssh' },
        source: external('ci/ssh'),
        gitHosts: [v.str('gitHost', 'github.com', 'gitlab.example.com:2222')],
      });
    },
    props: {
      gitHosts: VALUE,
    },
    refused: [
      { sets: ['--set-string', 'sweep.gitHost=github.com:70000'], error: /sweep\/gitHost'.*does not match pattern/ },
    ],
  },
  {
    construct: 'OpaqueSecret',
    build: (chart) => {
      new OpaqueSecret(chart, 'api', { metadata: { name: 'api-token' }, source: external('ci/api'), keys: ['token'] });
    },
    props: {
      keys: 'the keys are matched at synth against the keys of the source\'s data and against the keys env values read (envValue), so each must be known at synth',
    },
  },
  {
    construct: 'RegistrySecret',
    build: (chart, v) => {
      new RegistrySecret(chart, 'registry', {
        metadata: { name: 'registry' },
        source: external('ci/registry'),
        registries: [v.str('registry', 'ghcr.io', 'registry.example.com:5000')],
      });
    },
    props: {
      registries: VALUE,
    },
    refused: [
      { sets: ['--set-string', 'sweep.registry=ghcr'], error: /sweep\/registry'.*does not match pattern/ },
    ],
  },
  {
    construct: 'ServiceAccount',
    build: (chart) => {
      new ServiceAccount(chart, 'sa', { metadata: { name: 'builder' } });
    },
    props: {},
  },
  {
    construct: 'TlsSecret',
    build: (chart) => {
      new TlsSecret(chart, 'tls', { metadata: { name: 'shop-tls' }, source: external('ci/tls') });
    },
    props: {},
  },
];
