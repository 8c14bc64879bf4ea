/**
 * The layering rules `npm run check` enforces (dependency-cruiser). Why each exists is in its comment; the
 * fixtures in test/tools/dependency-rules.test.ts prove that each one bites.
 */
const domain = '^shared/(kernel|slices/[^/]+)/[^/]+\\.ts$';
const adapters = '(^shared/adapters/|^shared/slices/[^/]+/adapters/)';
const sliceModules = '^shared/slices/[^/]+/[^/]+\\.ts$';
const sliceContracts = '^shared/slices/[^/]+/(model|ports|manifest)\\.ts$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'No import cycles. Type-only imports are left out: a use case picks its ports from the composed ' +
        'Dependencies type (shared/slices/dependencies.ts), which names every slice; that erases at compile time.',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'domain-imports-no-adapter',
      severity: 'error',
      comment:
        'Domain code (the kernel, use cases, models, ports, manifests) talks to ports; the composition root ' +
        'chooses the adapters.',
      from: { path: domain, pathNot: '^shared/slices/index\\.ts$' },
      to: { path: adapters },
    },
    {
      name: 'domain-imports-no-aws',
      severity: 'error',
      comment:
        'Domain code imports neither the AWS SDK nor the CDK: adapters do (and lib/ builds the stack).',
      from: { path: domain },
      to: { path: '(^|/)node_modules/(@aws-sdk|@smithy|aws-cdk-lib|constructs)/' },
    },
    {
      name: 'adapters-import-no-use-case',
      severity: 'error',
      comment:
        'Adapters implement ports: they may use models, ports and the key builder, never a use case ' +
        '(that would make storage decide business rules).',
      from: { path: adapters },
      to: { path: sliceModules, pathNot: sliceContracts },
    },
    {
      name: 'handlers-import-no-adapter',
      severity: 'error',
      comment:
        'Handlers (Lambda entry factories, HTTP operations, OCPP handlers) get their adapters through the ' +
        'dependencies; only the composition root imports adapters.',
      from: { path: '^(shared/handlers/|shared/slices/[^/]+/http/|functions/)' },
      to: { path: adapters },
    },
    {
      name: 'composition-root-imports-no-slice-implementation',
      severity: 'error',
      comment:
        "Every function bundles the composition root: if it imported the slices' implementations (operations, " +
        'OCPP handlers), the charger authorizer would load the whole API at each cold start.',
      from: { path: '^shared/composition-root\\.ts$' },
      to: { path: '^shared/slices/(index|[^/]+/slice)\\.ts$|^shared/slices/[^/]+/http/' },
    },
    {
      name: 'lambda-imports-no-cdk-app',
      severity: 'error',
      comment: 'Lambda code is bundled per function: it must not pull in the CDK app (lib/) or aws-cdk-lib.',
      from: { path: '^(shared|functions)/' },
      to: { path: '(^lib/|(^|/)node_modules/(aws-cdk-lib|constructs)/)' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^node_modules/|^cdk\\.out/|/generated/)' },
    tsPreCompilationDeps: true,
    // TypeScript 7 has no compiler API for it yet; swc parses the same sources.
    parser: 'swc',
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.cjs', '.mjs', '.json'] },
  },
};
