// Internal barrel of the helm domain; the public names are listed in src/index.ts.
export {
  ChartValue,
  ChartValueType,
} from './chart-value';
export type {
  BooleanValueOptions,
  ChartValueOptions,
  ListValueOptions,
  NumberValueOptions,
  ObjectValueOptions,
  StringValueOptions,
} from './chart-value';
export { HelmChart } from './helm-chart';
export type { HelmChartProps, HelmComponentOptions } from './helm-chart';
