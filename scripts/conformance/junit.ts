/** One test case of a pytest JUnit XML report (`--junitxml`). */
export interface CaseResult {
  readonly file: string;
  readonly name: string;
  readonly outcome: 'passed' | 'failed' | 'error' | 'skipped';
  readonly seconds: number;
  readonly message?: string;
}

const attribute = (tag: string, name: string): string | undefined => {
  const match = tag.match(new RegExp(`\\s${name}="([^"]*)"`));
  return match?.[1] === undefined ? undefined : unescapeXml(match[1]);
};

const unescapeXml = (text: string): string =>
  text
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&apos;', "'")
    .replaceAll('&#10;', '\n')
    .replaceAll('&amp;', '&');

/**
 * Reads the `<testcase>` elements of pytest's JUnit XML: pytest writes one element per test with at most one
 * `<failure>`, `<error>` or `<skipped>` child, so a full XML parser is not needed for this fixed shape.
 */
export const parseJunitXml = (xml: string): CaseResult[] => {
  const results: CaseResult[] = [];
  const pattern = /<testcase\b([^>]*?)(\/>|>([\s\S]*?)<\/testcase>)/g;
  for (const match of xml.matchAll(pattern)) {
    const tag = ` ${match[1] ?? ''}`;
    const body = match[3] ?? '';
    const child = body.match(/<(failure|error|skipped)\b([^>]*)/);
    const kind = child?.[1];
    const outcome =
      kind === 'failure' ? 'failed' : kind === 'error' ? 'error' : kind === 'skipped' ? 'skipped' : 'passed';
    const message = child ? attribute(` ${child[2] ?? ''}`, 'message') : undefined;
    results.push({
      file: attribute(tag, 'classname') ?? '',
      name: attribute(tag, 'name') ?? '',
      outcome,
      seconds: Number(attribute(tag, 'time') ?? '0'),
      ...(message && { message: message.slice(0, 300) }),
    });
  }
  return results;
};

export interface BlockSummary {
  readonly block: string;
  readonly tests: number;
  readonly passed: number;
  readonly failed: number;
  readonly errors: number;
  readonly skipped: number;
  /** Cases that need TLS or mTLS (security profiles 2 and 3): out of scope locally, counted apart. */
  readonly tlsOnly: number;
  readonly tlsOnlyPassed: number;
}

export const summarize = (
  block: string,
  results: readonly CaseResult[],
  isTlsOnly: (result: CaseResult) => boolean,
): BlockSummary => {
  const inScope = results.filter((result) => !isTlsOnly(result));
  const tls = results.filter(isTlsOnly);
  const count = (outcome: CaseResult['outcome']) =>
    inScope.filter((result) => result.outcome === outcome).length;
  return {
    block,
    tests: inScope.length,
    passed: count('passed'),
    failed: count('failed'),
    errors: count('error'),
    skipped: count('skipped'),
    tlsOnly: tls.length,
    tlsOnlyPassed: tls.filter((result) => result.outcome === 'passed').length,
  };
};

const percent = (part: number, whole: number): string =>
  whole === 0 ? '–' : `${((100 * part) / whole).toFixed(0)} %`;

/** The per-block table for the README and the note. */
export const summaryTable = (summaries: readonly BlockSummary[]): string => {
  const total = {
    block: 'total',
    tests: 0,
    passed: 0,
    failed: 0,
    errors: 0,
    skipped: 0,
    tlsOnly: 0,
    tlsOnlyPassed: 0,
  };
  for (const s of summaries) {
    total.tests += s.tests;
    total.passed += s.passed;
    total.failed += s.failed;
    total.errors += s.errors;
    total.skipped += s.skipped;
    total.tlsOnly += s.tlsOnly;
    total.tlsOnlyPassed += s.tlsOnlyPassed;
  }
  const row = (s: BlockSummary) =>
    `| ${s.block} | ${s.tests} | ${s.passed} | ${s.failed + s.errors} | ${s.skipped} | ${percent(s.passed, s.tests)} | ${s.tlsOnly} |`;
  return [
    '| block | cases (profile 1) | passed | failed | skipped | pass rate | TLS/mTLS cases, apart |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...summaries.map(row),
    row(total).replace('| total |', '| **total** |'),
  ].join('\n');
};
