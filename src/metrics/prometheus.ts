/**
 * Prometheus text exposition format (version 0.0.4) helpers.
 */

/**
 * Escapes a label value: backslash, double quote and line feed.
 * @example escapeLabelValue('a"b\\c\nd') // 'a\\"b\\\\c\\nd'
 */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/**
 * Escapes HELP text: backslash and line feed.
 * @example escapeHelp('line 1\nline 2') // 'line 1\\nline 2'
 */
export function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

/**
 * A sample value: integers and decimals as JavaScript prints them, `+Inf`, `-Inf`, `NaN`.
 * @example formatValue(Infinity) // '+Inf'
 */
export function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  if (value === Number.NEGATIVE_INFINITY) return '-Inf';
  return String(value);
}

/**
 * `{a="x",b="y"}` for the given pairs (empty string for none).
 * @example formatLabels([['route', '/a'], ['le', '0.5']]) // '{route="/a",le="0.5"}'
 */
export function formatLabels(pairs: readonly (readonly [string, string])[]): string {
  if (pairs.length === 0) return '';
  return `{${pairs.map(([k, v]) => `${k}="${escapeLabelValue(v)}"`).join(',')}}`;
}

/**
 * Valid metric names.
 * @example METRIC_NAME.test('http_requests_total') // true
 */
export const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
/**
 * Valid label names (names starting with `__` are reserved by Prometheus).
 * @example LABEL_NAME.test('route') // true
 */
export const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
