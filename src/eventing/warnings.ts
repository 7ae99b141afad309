// Warnings are shared by every domain; they live in core.
export { WARNING_METADATA_TYPE, addWarning, warningsOf } from '../core/warnings';
