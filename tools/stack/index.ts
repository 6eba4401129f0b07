// The whole system as child processes: `npm start` (main.ts) and the e2e suite (test/) use this.
export { describeExit, Part, type LineHandler, type OutputStream, type PartExit } from './part';
export {
  ordersSinkConnector,
  redactUrl,
  StackError,
  startStack,
  type Stack,
  type StackOptions,
  type StackUrls,
  type StoppedPart,
} from './stack';
