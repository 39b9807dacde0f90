// A plain Node dynamic import. Loaded with require() so that test runners that rewrite import() in
// TypeScript sources (vitest) do not route these imports through their own transform pipeline.
module.exports = (specifier) => import(specifier);
