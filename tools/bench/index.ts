// What the benchmarks (apps/*/bench, libs/*/bench) share: child processes and the report in docs/benchmarks.md.
export { startBuiltBroker, startChild, stopChild, type BenchChild } from './child-process';
export {
  describeMachine,
  fmt,
  markdownTable,
  measuredAt,
  median,
  textTable,
  writeBenchSection,
  writeDocSection,
  type BenchSection,
  type Machine,
} from './report';
