// The architecture's import rules (ARCHITECTURE.md draws them). `npm run lint:boundaries`
// checks the tree against them; test/architecture proves each rule catches its violation.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      comment: 'A module that reaches itself through its imports cannot be read on its own.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'vocabulary-stands-alone',
      comment: "The protocol's words are declared once, below everything that uses them.",
      severity: 'error',
      from: { path: '^policies/' },
      to: { path: '^(broker|adapters|keys|demo|test|bench)/' },
    },
    {
      name: 'keys-serve-everyone',
      comment: "The network's PKI is used by the broker and the adapters and needs neither.",
      severity: 'error',
      from: { path: '^keys/' },
      to: { path: '^(broker|adapters|demo|test|bench)/' },
    },
    {
      name: 'contract-stands-alone',
      comment: 'The broker-adapter wire contract is imported by both sides, so it imports neither.',
      severity: 'error',
      from: { path: '^adapters/contract/' },
      to: { path: '^(broker|demo|test|bench)/|^adapters/(?!contract/)' },
    },
    {
      name: 'adapters-never-broker',
      comment: "An adapter runs on a partner's machines: it may not need the broker's internals.",
      severity: 'error',
      from: { path: '^adapters/' },
      to: { path: '^(broker|demo|test|bench)/' },
    },
    {
      name: 'kit-stands-apart',
      comment:
        "The adapter kit is what a partner deploys; samples and the partner's client are not in it.",
      severity: 'error',
      from: { path: '^adapters/kit/' },
      to: { path: '^adapters/(reference|partner-client)/' },
    },
    {
      name: 'partner-client-stands-apart',
      comment: "A partner's client talks to the broker's API; it needs no adapter or sample.",
      severity: 'error',
      from: { path: '^adapters/partner-client/' },
      to: { path: '^adapters/(kit|reference)/' },
    },
    {
      name: 'broker-only-through-the-contract',
      comment: 'The broker knows an adapter only by the wire contract.',
      severity: 'error',
      from: { path: '^broker/' },
      to: { path: '^(demo|test|bench)/|^adapters/(?!contract/)' },
    },
    {
      name: 'tests-stay-out',
      comment: 'Tests and benchmarks use the code; the code never needs them.',
      severity: 'error',
      from: { path: '^(broker|adapters|keys|policies|demo)/' },
      to: { path: '^(test|bench)/' },
    },
    {
      name: 'demo-is-a-leaf',
      comment: 'The demo network wires the parts together; only its tests and benchmarks use it.',
      severity: 'error',
      from: { pathNot: '^(demo|test|bench)/' },
      to: { path: '^demo/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)node_modules/|^policies/bundle/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      extensions: ['.ts', '.cjs', '.mjs', '.js', '.json'],
    },
  },
};
