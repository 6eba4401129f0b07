import type { SinkRecord } from '../connect-api/sink-record';
import type { Transform } from '../connect-api/transform';
import { missing, transformKey, type TransformDefinition } from './transform-definition';
import { unknownKeyErrors } from './transform-support';

export const REGEX_ROUTER = 'org.apache.kafka.connect.transforms.RegexRouter';

/**
 * Java regex syntax is read as a JavaScript RegExp (the common subset behaves the same: groups,
 * classes, quantifiers). `$1`…`$9` in the replacement mean the same in both.
 */
function compile(regex: string): RegExp {
  return new RegExp(regex);
}

/**
 * Kafka's RegexRouter: when the whole topic matches `regex` (Matcher.matches), the topic becomes
 * `topic.replaceFirst(regex, replacement)`; otherwise the record passes unchanged.
 */
export class RegexRouter implements Transform {
  private readonly full: RegExp;
  private readonly first: RegExp;

  constructor(
    regex: string,
    private readonly replacement: string,
  ) {
    this.full = new RegExp(`^(?:${regex})$`);
    this.first = compile(regex);
  }

  apply(record: SinkRecord): SinkRecord {
    if (!this.full.test(record.topic)) return record;
    return { ...record, topic: record.topic.replace(this.first, this.replacement) };
  }
}

const configKeys = () => [
  transformKey('regex', 'STRING', true, null, 'Regular expression to use for matching.', 'HIGH'),
  transformKey('replacement', 'STRING', true, null, 'Replacement string.', 'HIGH'),
];

export const regexRouterDefinition: TransformDefinition = {
  className: REGEX_ROUTER,
  configKeys,
  validate(config) {
    const errors = unknownKeyErrors(config, configKeys(), REGEX_ROUTER);
    if (config.regex === undefined) errors.regex = [missing('regex')];
    else {
      try {
        compile(config.regex);
      } catch (error) {
        errors.regex = [`Invalid value ${config.regex} for configuration regex: Invalid regex: ${(error as Error).message}`];
      }
    }
    if (config.replacement === undefined) errors.replacement = [missing('replacement')];
    return errors;
  },
  create: (config) => new RegexRouter(config.regex, config.replacement),
};
