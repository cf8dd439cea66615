/**
 * Keys that a pattern-building implementation would treat as wildcards, hash tags or match-spec
 * variables (S18: the seed's cache let ':_' match every row). Shared by the S18 tests: each must be
 * plain data, its own entry.
 */
export const SPECIAL_KEYS: readonly string[] = [
  '*',
  '?',
  '[',
  ']',
  '{',
  '}',
  ':',
  '_',
  ':_',
  '$1',
  '%',
  '',
  'user:*',
  'user:?',
  '[a-z]',
  '{tag}',
  '\\',
  '.*',
  '%s',
];
