// Builds the service's front-end assets into static/dist/ (git-ignored, served by WhiteNoise).
// GOV.UK Frontend is compiled from Sass with our own font stack so that the GDS Transport
// typeface is neither referenced nor shipped: this service is not on GOV.UK.
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(root, "static", "dist");
const govuk = join(root, "node_modules", "govuk-frontend", "dist", "govuk");
mkdirSync(dist, { recursive: true });

const css = sass.compile(join(root, "static", "src", "application.scss"), {
  loadPaths: [join(root, "node_modules")],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import", "global-builtin", "mixed-decls", "slash-div"],
});
writeFileSync(join(dist, "application.css"), css.css);

copyFileSync(join(govuk, "govuk-frontend.min.js"), join(dist, "govuk-frontend.min.js"));
copyFileSync(join(root, "static", "src", "application.mjs"), join(dist, "application.mjs"));
console.log(`built ${dist}`);
