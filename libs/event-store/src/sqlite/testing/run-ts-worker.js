// Test helper: runs a TypeScript module (workerData.script) in a worker thread, compiling .ts
// files on require with the TypeScript compiler. Only the SQLite multi-connection tests use it.
const { readFileSync } = require('node:fs');
const { workerData } = require('node:worker_threads');
const ts = require('typescript');

require.extensions['.ts'] = (module, filename) => {
  const { outputText } = ts.transpileModule(readFileSync(filename, 'utf8'), {
    fileName: filename,
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      esModuleInterop: true,
    },
  });
  module._compile(outputText, filename);
};

require(workerData.script);
