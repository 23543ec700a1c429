// The Markdown pipeline as one bundled module: `npm run compile` bundles
// lib/markdown/processor.js with the unified plugins it uses into
// lib/markdown/pipeline.js, which loads in about a fifth of the time of
// the two hundred small modules it is made of (see package.json).
export * from './processor.js';
