import { ParamSpec, ParamType, ParamValue, Pipeline, PipelineRun, SourceToImage, Task } from '../../../src';
import { ConstructSweep, VALUE, Values } from './harness';

const REFERENCED_NAME = 'a name the construct checks references against at synth';

/** The params of the sweep's Pipeline and Task: a described string with allowed values, and an object. */
function greetParameters(v: Values): ParamSpec[] {
  return [
    {
      name: 'greeting',
      description: v.str('paramDescription', 'What to say.', 'The words to say.'),
      allowedValues: v.list('allowedValues', ['hello', 'hi'], ['hello', 'hi', 'hey']),
      defaultValue: ParamValue.fromString('hello'),
    },
    { name: 'target', paramType: ParamType.OBJECT, properties: ['who'], defaultValue: ParamValue.fromObject({ who: 'world' }) },
  ];
}

/** Sweep entries of the Tekton build constructs (src/builds). */
export const SWEEP: ConstructSweep[] = [
  {
    construct: 'Pipeline',
    build: (chart, v) => {
      const task = Task.fromTaskName(chart, 'greet-task', 'greet');
      const pipeline = new Pipeline(chart, 'pipeline', {
        metadata: { name: 'greet' },
        description: v.str('description', 'Greets the world.', 'Says hello to everyone.'),
        parameters: greetParameters(v),
        workspaces: [{ name: 'shared', description: v.str('workspaceDescription', 'Shared files.', 'Files the tasks share.') }],
        results: [{
          name: v.str('resultName', 'said', 'greeting-said'),
          description: v.str('resultDescription', 'What was said.', 'The words said.'),
          value: v.str('resultValue', '$(tasks.greet.results.said)', '$(tasks.greet.results.said) (greeted)'),
        }],
      });
      pipeline.addTask({ name: 'greet', task, parameters: { greeting: ParamValue.fromParam('greeting') }, workspaces: { out: 'shared' } });
    },
    props: {
      'description': VALUE,
      'parameters[].name': `${REFERENCED_NAME} ($(params.<name>) of the tasks)`,
      'parameters[].description': VALUE,
      'parameters[].allowedValues': VALUE,
      'parameters[].properties': 'the keys of an object param, which the construct checks $(params.<name>.<key>) references against at synth',
      'results[].name': VALUE,
      'results[].description': VALUE,
      'results[].value': VALUE,
      'workspaces[].name': `${REFERENCED_NAME} (the workspaces tasks bind)`,
      'workspaces[].description': VALUE,
      'workspaces[].mountPath': 'a Pipeline\'s workspaces take no mountPath (it belongs to a Task\'s); the construct refuses one',
    },
    refused: [
      { sets: ['--set-json', 'sweep.allowedValues=[]'], error: /sweep\/allowedValues'.*minItems/ },
      { sets: ['--set-string', 'sweep.resultName=-said'], error: /sweep\/resultName'.*does not match pattern/ },
    ],
  },
  {
    construct: 'PipelineRun',
    build: (chart, v) => {
      const pipeline = Pipeline.fromPipelineName(chart, 'greet', 'greet');
      new PipelineRun(chart, 'run', { metadata: { name: 'greet-run' }, pipeline, fsGroup: v.int('fsGroup', 65532, 1000) });
    },
    props: {
      fsGroup: VALUE,
    },
    refused: [
      { sets: ['--set', 'sweep.fsGroup=-1'], error: /sweep\/fsGroup'.*minimum/ },
    ],
  },
  {
    construct: 'SourceToImage',
    build: (chart, v) => {
      new SourceToImage(chart, 'app', {
        name: v.str('name', 'shop', 'store'),
        gitUrl: v.str('gitUrl', 'https://github.com/acme/shop.git', 'https://github.com/acme/store.git'),
        revision: v.str('revision', 'main', 'v1.2.3'),
        image: v.str('image', 'registry.example.com/acme/shop:1.0.0', 'registry.example.com/acme/store:2.0.0'),
        contextDir: v.str('contextDir', 'app', 'services/store'),
        dockerfile: v.str('dockerfile', 'app/Dockerfile', 'services/store/Containerfile'),
        testImage: v.str('testImage', 'docker.io/library/node:20', 'docker.io/library/node:22'),
        testScript: v.str('testScript', 'npm test', 'npm run test:ci'),
        storageClassName: v.str('storageClassName', 'standard', 'fast-ssd'),
        runName: `shop-build-${v.str('runRevision', 'r1', 'r2')}`,
      });
    },
    props: {
      name: VALUE,
      gitUrl: VALUE,
      revision: VALUE,
      image: VALUE,
      contextDir: VALUE,
      dockerfile: VALUE,
      testImage: VALUE,
      testScript: VALUE,
      storageClassName: VALUE,
      runName: VALUE,
    },
    refused: [
      { sets: ['--set-string', 'sweep.gitUrl=not a url'], error: /sweep\/gitUrl'.*does not match pattern/ },
      { sets: ['--set-string', 'sweep.image=Registry/App@sha256:abc'], error: /sweep\/image'.*does not match pattern/ },
      { sets: ['--set-string', 'sweep.revision=a b'], error: /sweep\/revision'.*does not match pattern/ },
      { sets: ['--set-string', 'sweep.contextDir=../other'], error: /sweep\/contextDir'.*does not match pattern/ },
      { sets: ['--set-string', `sweep.name=${'a'.repeat(55)}`], error: /sweep\/name'.*maxLength/ },
      { sets: ['--set-string', 'sweep.runRevision=R 2'], error: /runName.*must be a DNS-1123 subdomain/ },
    ],
  },
  {
    construct: 'Task',
    build: (chart, v) => {
      new Task(chart, 'task', {
        metadata: { name: 'greet' },
        description: v.str('description', 'Greets the world.', 'Says hello to everyone.'),
        parameters: greetParameters(v),
        results: [{ name: 'said', description: v.str('resultDescription', 'What was said.', 'The words said.') }],
        workspaces: [{ name: 'out', description: v.str('workspaceDescription', 'Output files.', 'Where output goes.'), mountPath: v.str('mountPath', '/out', '/output') }],
        scratchVolumes: ['scratch'],
        steps: [
          {
            name: v.str('stepName', 'greet', 'say-hello'),
            image: v.str('image', 'docker.io/library/bash:5.2', 'docker.io/library/busybox:1.36'),
            command: v.list('command', ['echo'], ['printf']),
            args: ['$(params.greeting)', v.str('arg', 'world', 'everyone')],
            workingDir: v.str('workingDir', '/work', '/srv'),
            securityContext: { runAsUser: v.int('runAsUser', 1000, 2000), runAsGroup: v.int('runAsGroup', 1000, 3000) },
            volumeMounts: [{ name: 'scratch', mountPath: v.str('scratchMount', '/scratch', '/var/scratch') }],
          },
          {
            name: 'record',
            image: 'docker.io/library/bash:5.2',
            script: v.str('script', '#!/bin/sh\necho hello > $(results.said.path)\n', '#!/bin/sh\necho hi > $(results.said.path)\n'),
          },
        ],
      });
    },
    props: {
      'description': VALUE,
      'parameters[].name': `${REFERENCED_NAME} ($(params.<name>) of the steps)`,
      'parameters[].description': VALUE,
      'parameters[].allowedValues': VALUE,
      'parameters[].properties': 'the keys of an object param, which the construct checks $(params.<name>.<key>) references against at synth',
      'results[].name': `${REFERENCED_NAME} ($(results.<name>.path) of the step scripts)`,
      'results[].description': VALUE,
      'scratchVolumes': `${REFERENCED_NAME} (the volumeMounts of the steps)`,
      'steps[].name': VALUE,
      'steps[].image': VALUE,
      'steps[].command': VALUE,
      'steps[].args': VALUE,
      'steps[].script': VALUE,
      'steps[].workingDir': VALUE,
      'steps[].securityContext.runAsUser': VALUE,
      'steps[].securityContext.runAsGroup': VALUE,
      'steps[].volumeMounts[].name': 'names a scratch volume of the Task, which the construct checks at synth',
      'steps[].volumeMounts[].mountPath': VALUE,
      'workspaces[].name': `${REFERENCED_NAME} ($(workspaces.<name>.path) of the steps)`,
      'workspaces[].description': VALUE,
      'workspaces[].mountPath': VALUE,
    },
    refused: [
      { sets: ['--set-string', 'sweep.stepName=Say Hello'], error: /sweep\/stepName'.*does not match pattern/ },
      { sets: ['--set-string', 'sweep.image= '], error: /sweep\/image'.*does not match pattern/ },
      { sets: ['--set', 'sweep.runAsUser=-1'], error: /sweep\/runAsUser'.*minimum/ },
      { sets: ['--set-string', 'sweep.scratchMount=scratch'], error: /sweep\/scratchMount'.*does not match pattern/ },
      { sets: ['--set-json', 'sweep.allowedValues=[]'], error: /sweep\/allowedValues'.*minItems/ },
    ],
  },
];
