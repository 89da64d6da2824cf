// Validate documents and markers with ajv in strict mode, as a JavaScript tool would.
// Usage: node validate.js TOOLS_DIR INPUT.json  ->  prints {"documents": [...], "markers": [...]}
"use strict";
const fs = require("fs");
const path = require("path");
const [toolsDir, inputPath] = process.argv.slice(2);
const Ajv2020 = require(path.join(toolsDir, "node_modules", "ajv", "dist", "2020")).default;
const input = JSON.parse(fs.readFileSync(inputPath, "utf8"));
const ajv = new Ajv2020({ strict: true, allErrors: true });
ajv.addSchema(input.schema);
const report = ajv.getSchema(input.schema.$id);
const marker = ajv.getSchema(input.schema.$id + "#/$defs/marker");
const documents = input.documents.map((text) => {
  let document;
  try {
    document = JSON.parse(text);
  } catch (error) {
    return null; // not JSON to JavaScript (NaN, for one): nothing to validate
  }
  const ok = report(document);
  return ok ? [] : report.errors.map((e) => `${e.instancePath} ${e.message}`);
});
const markers = input.markers.map((text) => marker(text));
process.stdout.write(JSON.stringify({ documents, markers }));
