import { IConstruct } from 'constructs';
import { checkPropTypes, METADATA_TYPES, PropSpec, PropType, required } from '../core/errors';
import { ParamType } from './params';

/**
 * The JavaScript types of the builds' props, for `checkPropTypes`: a wrong
 * type from an untyped caller (a string for a list, a number for a string)
 * is an error naming the construct and the prop, not a TypeError inside.
 */

/** A `ParamValue`. */
export const PARAM_VALUE_TYPE: PropType = { method: 'toJson', what: 'a ParamValue, e.g. ParamValue.fromString("main")' };

/** A `ParamSpec`. */
export const PARAM_SPEC_TYPE: PropType = {
  fields: {
    name: required('string'),
    paramType: { oneOf: Object.values(ParamType), what: 'ParamType.STRING, ParamType.ARRAY or ParamType.OBJECT' },
    description: 'string',
    defaultValue: PARAM_VALUE_TYPE,
    properties: 'stringList',
    allowedValues: 'stringList',
  },
  what: 'a ParamSpec ({ name, paramType?, defaultValue?, ... })',
};

/** A `WorkspaceSpec`. */
export const WORKSPACE_SPEC_TYPE: PropType = {
  fields: { name: required('string'), description: 'string', optional: 'boolean', mountPath: 'string', readOnly: 'boolean' },
  what: 'a WorkspaceSpec ({ name, mountPath?, readOnly?, ... })',
};

/** A `ResultSpec` (a Task's) or `PipelineResultSpec` (with `value`). */
export const RESULT_SPEC_TYPE: PropType = {
  fields: { name: required('string'), description: 'string' },
  what: 'a ResultSpec ({ name, description? })',
};

/** A `PipelineResultSpec`. */
export const PIPELINE_RESULT_SPEC_TYPE: PropType = {
  fields: { name: required('string'), value: required('string'), description: 'string' },
  what: 'a PipelineResultSpec ({ name, value, description? })',
};

/** A `TaskStep`, given the values of `OnError`. */
export function taskStepType(onError: readonly string[]): PropType {
  return {
    fields: {
      name: required('string'),
      image: required('string'),
      script: 'string',
      command: 'stringList',
      args: 'stringList',
      workingDir: 'string',
      env: { mapOf: { fields: {}, what: 'an EnvValue, e.g. EnvValue.fromValue("1")' } },
      securityContext: {
        fields: { runAsUser: 'number', runAsGroup: 'number', runAsNonRoot: 'boolean', allowPrivilegeEscalation: 'boolean' },
        what: 'a StepSecurityContext ({ runAsUser?, runAsNonRoot?, ... })',
      },
      volumeMounts: { listOf: { fields: { name: required('string'), mountPath: required('string') }, what: 'a StepVolumeMount ({ name, mountPath })' } },
      onError: { oneOf: onError, what: 'OnError.STOP_AND_FAIL or OnError.CONTINUE' },
      timeout: 'duration',
    },
    what: 'a TaskStep ({ name, image, script?, command?, ... })',
  };
}

/** The props every Task and Pipeline share. */
export const TASK_OR_PIPELINE_TYPES: PropSpec = {
  metadata: METADATA_TYPES,
  description: 'string',
  parameters: { listOf: PARAM_SPEC_TYPE },
  workspaces: { listOf: WORKSPACE_SPEC_TYPE },
};

/** An `ITask`. */
export const TASK_TYPE: PropType = { fields: { name: required('string') }, what: 'an ITask (a Task, or Task.fromTaskName())' };

/** A `PipelineTaskOptions`. */
export const PIPELINE_TASK_TYPE: PropType = {
  fields: {
    name: required('string'),
    task: required(TASK_TYPE),
    parameters: { mapOf: PARAM_VALUE_TYPE },
    workspaces: 'stringMap',
    runAfter: { listOf: { method: 'resultExpression', what: 'a PipelineTask (what addTask() returns)' } },
    when: { listOf: { method: '_toJson', what: 'a When, e.g. When.isIn("$(params.env)", ["prod"])' } },
    retries: 'number',
    timeout: 'duration',
  },
  what: 'PipelineTaskOptions ({ name, task, parameters?, ... })',
};

/** A `WorkspaceBinding`. */
export const WORKSPACE_BINDING_TYPE: PropType = { method: 'toJson', what: 'a WorkspaceBinding, e.g. WorkspaceBinding.emptyDir()' };

/** An `IServiceAccount` or `ISecret` of cdk8s-plus: an object with a name. */
export function namedType(what: string): PropType {
  return { fields: { name: required('string') }, what };
}

/** Checks the JavaScript type of one value given to an `add...()` method, named `field` (e.g. `steps[2]`). */
export function checkItemType(scope: IConstruct, field: string, value: unknown, type: PropType): void {
  checkPropTypes(scope, { [field]: value }, { [field]: required(type) });
}
