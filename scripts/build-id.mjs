// Build step: the build id, a hash of every compiled module in dist/, written to dist/build-id.json. The policy
// cache keys its entries by it, so any change to the code that validates makes every cached result a miss
// (src/api/policy-cache.ts). Run last, after everything else in dist/ is written.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

const modules = readdirSync("dist", { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile() && /\.(c|m)?js$/.test(e.name))
  .map((e) =>
    path
      .relative("dist", path.join(e.parentPath ?? e.path, e.name))
      .split(path.sep)
      .join("/"),
  )
  .sort();
const hash = createHash("sha256");
for (const file of modules)
  hash.update(`${file}\0${readFileSync(path.join("dist", file)).length}\0`).update(readFileSync(path.join("dist", file)));
writeFileSync("dist/build-id.json", `${JSON.stringify({ buildId: hash.digest("hex") })}\n`);
