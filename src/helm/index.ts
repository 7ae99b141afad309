export {
  ChartValue,
  ChartValueResolver,
  ChartValueType,
  chartValueToString,
  isChartValueToken,
} from './chart-value';
export type {
  BooleanValueOptions,
  ChartValueOptions,
  ChartValueSchema,
  ListValueOptions,
  NumberValueOptions,
  ObjectValueOptions,
  StringValueOptions,
} from './chart-value';
export { HelmChart, writeHelmChart } from './helm-chart';
export type { HelmChartProps, HelmComponentOptions, WriteHelmChartOptions } from './helm-chart';
