import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { latestResultsFile, readResults } from '../bench/results.ts';
import { referenceMix } from '../simulator/reference-mix.ts';
import { measuredCodeHash, regenerateDefaultsCommand } from './code-hash.ts';
import type { MeasuredFigures } from './cost-model.ts';
import { costReport } from './cost-report.ts';
import { describeSource, readDefaultFigures } from './default-figures.ts';
import { loadManagementLines } from './load-management.ts';
import { defaultPriceFile, loadPriceFile, pricesOf } from './prices.ts';
import { selfHealingLines } from './self-healing.ts';
import { silentChargerSweepLine } from './silent-charger-sweep.ts';
import { tenantCredentialsLine } from './tenant-credentials.ts';
import { webhookDeliveryLines } from './webhook-deliveries.ts';

const usage = `npm run cost -- [options]    cost per charger-month at the reference mix

  --bench PATH    bench results to take the counts from (default: the newest in bench-results/, else the
                  documented default counts in scripts/cost/default-figures.json)
  --defaults      use the default counts even when bench results exist
  --prices PATH   price file (default scripts/cost/aws-prices-2026-11.json)
  --json PATH     also write the figures as JSON
`;

const { values } = parseArgs({
  options: {
    bench: { type: 'string' },
    defaults: { type: 'boolean', default: false },
    prices: { type: 'string', default: defaultPriceFile },
    json: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log(usage);
  process.exit(0);
}

const benchFile = values.defaults ? undefined : (values.bench ?? latestResultsFile());
let figures: MeasuredFigures;
let measuredHash: string | undefined;
if (benchFile) {
  const results = readResults(benchFile);
  figures = { kinds: results.kinds, workflows: results.workflows };
  measuredHash = results.git.codeHash;
  console.log(
    `Counts measured by the benchmark: ${benchFile} (${results.options.chargers} chargers, ${results.startedAt}, ` +
      `commit ${results.git.commit.slice(0, 12)}${results.git.dirty ? ' with uncommitted changes' : ''}).`,
  );
} else {
  const defaults = readDefaultFigures();
  figures = defaults;
  measuredHash = defaults.codeHash;
  const why = values.defaults ? 'As asked' : 'No bench results';
  console.log(
    `${why}: the default counts of scripts/cost/default-figures.json (${describeSource(defaults.source)}).`,
  );
}
// Counts of other code price other code: say so before the figures, not after.
if (measuredHash !== measuredCodeHash()) {
  console.log(
    `WARNING: these counts were measured on other code than this checkout's (${measuredHash ?? 'no code hash recorded'}); ` +
      `\`${regenerateDefaultsCommand}\` measures the code as it is (about 8 minutes) and rewrites the defaults.`,
  );
}

const report = costReport(figures, loadPriceFile(values.prices), referenceMix);
console.log(report.text);
console.log(`\n${tenantCredentialsLine(pricesOf(loadPriceFile(values.prices)))}`);
console.log(`\n${webhookDeliveryLines(pricesOf(loadPriceFile(values.prices)), figures)}`);
console.log(`\n${loadManagementLines(pricesOf(loadPriceFile(values.prices)))}`);
console.log(`\n${selfHealingLines(pricesOf(loadPriceFile(values.prices)))}`);
console.log(`\n${silentChargerSweepLine(pricesOf(loadPriceFile(values.prices)))}`);
if (values.json) {
  const { text: _text, ...json } = report;
  writeFileSync(values.json, `${JSON.stringify(json, null, 2)}\n`);
}
